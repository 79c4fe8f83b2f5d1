import { EVENTS_EXCHANGE, buildAsyncApiDocument } from './asyncapi';
import { EVENT_TYPES } from './catalog';
import { createEvent } from './envelope';

type Json = Record<string, any>;

const doc = buildAsyncApiDocument() as Json;

/** Follows a local `$ref` such as `#/channels/a.b.c.v1/messages/a.b.c.v1`. */
function follow(ref: string): Json {
  expect(ref.startsWith('#/')).toBe(true);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<Json | undefined>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  if (target === undefined) throw new Error(`dangling $ref ${ref}`);
  return target;
}

describe('AsyncAPI document', () => {
  it('is an AsyncAPI 3.0 document of the stage events on the local broker', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toMatchObject({ title: 'Yekuo stage events', version: '1.0.0' });
    expect(doc.info.description).toContain(EVENTS_EXCHANGE);
    expect(doc.servers.local).toMatchObject({ host: '127.0.0.1:5672', protocol: 'amqp' });
  });

  it('has a channel, a send operation and a message for every catalog type, in catalog order', () => {
    expect(Object.keys(doc.channels)).toEqual(EVENT_TYPES);
    expect(Object.keys(doc.operations)).toEqual(EVENT_TYPES);
    expect(Object.keys(doc.components.messages)).toEqual(EVENT_TYPES);
    expect(Object.keys(doc.channels)).toHaveLength(EVENT_TYPES.length);

    for (const type of EVENT_TYPES) {
      const channel = doc.channels[type];
      expect(channel.address).toBe(type);
      expect(channel.bindings.amqp).toMatchObject({
        is: 'routingKey',
        exchange: { name: EVENTS_EXCHANGE, type: 'topic', durable: true },
      });

      const operation = doc.operations[type];
      expect(operation.action).toBe('send');
      expect(follow(operation.channel.$ref)).toBe(channel);
      expect(operation.tags).toEqual([{ name: type.split('.')[0] }]);
      expect(operation.messages).toHaveLength(1);

      const message = follow(follow(operation.messages[0].$ref).$ref);
      expect(message).toBe(doc.components.messages[type]);
      expect(message.payload.properties.type.const).toBe(type);
      expect(message.payload.properties.data.type).toBe('object');
    }
  });

  it('describes the envelope createEvent builds', () => {
    const payload = doc.components.messages['intake.application.accepted.v1'].payload;
    const event = createEvent('intake.application.accepted.v1', acceptedPayload(), { source: '/yekuo/intake' });
    expect([...payload.required].sort()).toEqual(Object.keys(event).sort());
    expect(payload.properties.specversion.const).toBe(event.specversion);
    expect(payload.properties.datacontenttype.const).toBe(event.datacontenttype);
  });

  it('gives intake.application.accepted.v1 the JSON Schema of its payload', () => {
    const data = doc.components.messages['intake.application.accepted.v1'].payload.properties.data;
    expect(data.required).toEqual(expect.arrayContaining(['caseId', 'caseNumber', 'customerId', 'category', 'policyVersion', 'actor']));
    expect(data.required).not.toContain('nextAction');
    expect(data.properties.actor.required).toEqual(['id', 'role']);
  });
});

function acceptedPayload() {
  return {
    caseId: '3f0c6a52-8a3e-4c1e-9a7b-2d5e6f1a0b11',
    caseNumber: 'YK-2025-000123',
    customerId: '7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    category: 'LV_RESIDENTIAL' as const,
    policyVersion: '2025.1',
    actor: { id: 'clerk-1', role: 'intake-clerk' as const },
    businessType: 'NEW_CONNECTION',
    capacityKva: 10,
    voltageLevel: '0.4kV',
    supplySources: 1,
    regionCode: 'R01',
    acceptedAt: '2025-03-03T09:00:00+08:00',
  };
}
