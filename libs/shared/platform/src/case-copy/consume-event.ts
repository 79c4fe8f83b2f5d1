import { Inject, Logger } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CloudEvent, EventType } from '@yekuo/events';
import { MESSAGING_OPTIONS, MessagingOptions } from '../messaging/messaging.options';
import { UnitOfWork, Work } from '../messaging/unit-of-work';
import { withSpan } from '../telemetry/spans';
import { contextOfTrace } from '../telemetry/trace-context';

/**
 * What applying an event came to, for the log: a line to log (a string or `{ log }`), a
 * warning, a debug line, or nothing (applied, logged at debug).
 */
export type EventOutcome = string | { log?: string; warn?: string; debug?: string } | void;

export interface ConsumeEventOptions {
  /** The consumer recorded in the inbox (default: the service's name). */
  consumer?: string;
}

/** The handler a consumer method is: its effects go into `work`, committed with the inbox row. */
export type EventHandler<E extends CloudEvent = CloudEvent> = (work: Work, event: E) => Promise<EventOutcome>;

const UNIT_OF_WORK = '__consumeEventUnitOfWork';
const MESSAGING = '__consumeEventMessaging';

interface ConsumerHost {
  [UNIT_OF_WORK]: UnitOfWork;
  [MESSAGING]: MessagingOptions;
}

function report(logger: Logger, event: CloudEvent, outcome: EventOutcome): void {
  if (typeof outcome === 'string') return logger.log(outcome);
  if (!outcome) return logger.debug(`applied ${event.type} ${event.id}`);
  if (outcome.warn) logger.warn(outcome.warn);
  if (outcome.log) logger.log(outcome.log);
  if (outcome.debug) logger.debug(outcome.debug);
}

/**
 * Consumes `type` (or each of the types): the decorated method `(work, event) => outcome`
 * runs in the unit of work once per event and consumer (the inbox row commits with its
 * effects; a redelivered event is skipped), and its outcome is logged. The one way a
 * service consumes events: a bare `@EventPattern` is refused by lint.
 */
export function ConsumeEvent(type: EventType | readonly EventType[], options: ConsumeEventOptions = {}): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    Inject(UnitOfWork)(target, UNIT_OF_WORK);
    Inject(MESSAGING_OPTIONS)(target, MESSAGING);
    const handler = descriptor.value as EventHandler;
    const logger = new Logger(target.constructor.name);
    descriptor.value = async function (this: ConsumerHost, event: CloudEvent): Promise<void> {
      const consumer = options.consumer ?? this[MESSAGING].service;
      const result: { outcome: EventOutcome } = { outcome: undefined };
      // The transaction in a span of its own, within the consumer's span (or, called without one, in the event's trace).
      const parent = trace.getActiveSpan() ? context.active() : contextOfTrace(event);
      const applied = await withSpan(`apply ${event.type}`, { attributes: { 'yekuo.consumer': consumer } }, parent, async (span) => {
        const done = await this[UNIT_OF_WORK].runOnce(consumer, event, async (work) => {
          result.outcome = await handler.call(this, work, event);
        });
        span.setAttribute('yekuo.inbox.applied', done);
        return done;
      });
      if (!applied) logger.debug(`skipped ${event.type} ${event.id}: already applied by ${consumer}`);
      else report(logger, event, result.outcome);
    };
    const pattern: string | string[] = typeof type === 'string' ? type : [...type];
    EventPattern(pattern)(target, key, descriptor);
    Payload()(target, key, 0);
    return descriptor;
  };
}
