import { z } from 'zod';
import { caseActions } from './case-action';
import { EVENT_CATALOG, EVENT_TYPES, EventType, isAuditAnchoredType } from './catalog';
import { isoTime } from './payload';
import { traceparent, tracestate } from './trace-context';

/**
 * The AsyncAPI 3.0 description of the event catalog, rendered into `docs/asyncapi.yaml`
 * by `npm run asyncapi` (scripts/asyncapi.ts, which renders it as YAML); a unit test there
 * fails when the committed file drifts from the catalog.
 */

export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
export const EVENTS_EXCHANGE = 'yekuo.events';

export const ASYNCAPI_HEADER = '# Generated from libs/shared/events/src/catalog.ts by npm run asyncapi — do not edit by hand.\n';
const AMQP_BINDING_VERSION = '0.3.0';
const CONTENT_TYPE = 'application/cloudevents+json';

const DESCRIPTION = [
  'The events the Yekuo stage services publish; every stage change is one of them.',
  '',
  `- **Transport**: one durable topic exchange \`${EVENTS_EXCHANGE}\` (RabbitMQ, AMQP 0-9-1). The routing key is`,
  '  the event type (`<service>.<entity>.<past-verb>.v<N>`), so a consumer binds its queue to exactly the types',
  '  it handles.',
  `- **Envelope**: a CloudEvents 1.0 JSON envelope (structured mode, content type \`${CONTENT_TYPE}\`);`,
  '  `subject` is the case id (equal to `data.caseId`; for `<service>.audit.anchored.v1`, the anchor id) and `data` is the',
  '  payload of the type. `traceparent` (and `tracestate`), when present, are the CloudEvents distributed-tracing',
  '  extension: the W3C Trace Context of the change that wrote the event, so a consumer continues its trace.',
  '- **Delivery** is at least once and in no guaranteed order: consumers must be idempotent by the event `id`',
  '  (record it with the effects, skip a duplicate).',
  '- **Versioning**: a breaking change is a new `.vN` type, published side by side with the old one until every',
  '  consumer has moved; adding an optional field is not breaking, so consumers must ignore unknown fields.',
].join('\n');

/** The service that publishes a type: its first segment (`intake.application.accepted.v1` -> `intake`). */
export function producerOf(type: EventType): string {
  return type.slice(0, type.indexOf('.'));
}

/**
 * Schemas many payloads share, described once under `components.schemas` and referred to by name
 * (every payload may carry `actions`; inlined, its code list would repeat in every message).
 */
const SHARED_SCHEMAS = z.registry<{ id: string }>();
SHARED_SCHEMAS.add(caseActions, { id: 'CaseActions' });
SHARED_SCHEMAS.add(traceparent, { id: 'TraceParent' });
SHARED_SCHEMAS.add(tracestate, { id: 'TraceState' });
const SHARED_IDS = new Set(['CaseActions', 'TraceParent', 'TraceState']);

function sharedSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(SHARED_SCHEMAS, { target: 'draft-07', io: 'input' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _format, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

/** The JSON Schema of a message of `type`: the CloudEvents envelope around the catalog payload. */
function envelopeJsonSchema(type: EventType): Record<string, unknown> {
  const envelope = z.object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).describe('Unique per event; consumers deduplicate by it.'),
    source: z.string().min(1).describe('The producing service, e.g. /yekuo/intake.'),
    type: z.literal(type).describe('The event type; also the AMQP routing key.'),
    subject: z
      .uuid()
      .describe(isAuditAnchoredType(type) ? 'The anchor id (equal to data.anchorId).' : 'The case id (equal to data.caseId).'),
    time: isoTime.describe('When the change was recorded (RFC 3339).'),
    datacontenttype: z.literal('application/json'),
    data: EVENT_CATALOG[type],
    traceparent: traceparent.optional(),
    tracestate: tracestate.optional(),
  });
  // The input side: what a consumer must accept. Catalog objects are not strict, so an
  // optional field added later does not make existing consumers reject the event.
  const schema: Record<string, unknown> = { ...z.toJSONSchema(envelope, { target: 'draft-07', io: 'input', metadata: SHARED_SCHEMAS }) };
  delete schema.$schema; // an AsyncAPI Schema Object is a draft-07 superset; the document says which format
  // The shared schemas are the document's components, not each message's own definitions.
  const definitions = (schema.definitions ?? {}) as Record<string, unknown>;
  const ids = Object.keys(definitions).filter((id) => SHARED_IDS.has(id));
  for (const id of ids) delete definitions[id];
  if (Object.keys(definitions).length === 0) delete schema.definitions;
  let text = JSON.stringify(schema);
  for (const id of ids) text = text.replaceAll(`"#/definitions/${id}"`, `"#/components/schemas/${id}"`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The AsyncAPI 3.0 document of every type of the catalog, in catalog order. */
export function buildAsyncApiDocument(): object {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const type of EVENT_TYPES) {
    const producer = producerOf(type);
    channels[type] = {
      address: type,
      description: `Routing key \`${type}\` on the topic exchange \`${EVENTS_EXCHANGE}\`.`,
      messages: { [type]: { $ref: `#/components/messages/${type}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: EVENTS_EXCHANGE, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: AMQP_BINDING_VERSION,
        },
      },
    };
    operations[type] = {
      action: 'send',
      channel: { $ref: `#/channels/${type}` },
      summary: `${producer} publishes ${type}.`,
      description:
        `Sent by the ${producer} service from its transactional outbox, with publisher confirms, ` +
        'after the change that the event records has committed.',
      tags: [{ name: producer }],
      messages: [{ $ref: `#/channels/${type}/messages/${type}` }],
      bindings: { amqp: { deliveryMode: 2, timestamp: true, bindingVersion: AMQP_BINDING_VERSION } },
    };
    messages[type] = {
      name: type,
      title: type,
      contentType: CONTENT_TYPE,
      tags: [{ name: producer }],
      payload: envelopeJsonSchema(type),
      bindings: { amqp: { messageType: type, bindingVersion: AMQP_BINDING_VERSION } },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: { title: 'Yekuo stage events', version: '1.0.0', description: DESCRIPTION },
    defaultContentType: CONTENT_TYPE,
    servers: {
      local: {
        host: '127.0.0.1:5672',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'RabbitMQ on a developer machine (guest/guest).',
      },
    },
    channels,
    operations,
    components: { schemas: sharedSchemas(), messages },
  };
}
