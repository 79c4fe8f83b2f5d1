import { EventPayload } from './catalog';
import { InvalidEventError, createEvent, parseEvent } from './envelope';

const CASE_ID = '3f0c6a52-8a3e-4c1e-9a7b-2d5e6f1a0b11';
const TYPE = 'intake.application.accepted.v1';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function accepted(overrides: Record<string, unknown> = {}): EventPayload<typeof TYPE> {
  return {
    caseId: CASE_ID,
    caseNumber: 'YK-2025-000123',
    customerId: '7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    category: 'LV_RESIDENTIAL',
    policyVersion: '2025.1',
    actor: { id: 'clerk-1', role: 'intake-clerk' },
    businessType: 'NEW_CONNECTION',
    capacityKva: 10,
    voltageLevel: '0.4kV',
    supplySources: 1,
    regionCode: 'R01',
    acceptedAt: '2025-03-03T09:00:00+08:00',
    ...overrides,
  };
}

/** What arrives from the broker: the event as JSON. */
function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function thrown(fn: () => unknown): InvalidEventError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected an InvalidEventError, nothing was thrown');
}

describe('createEvent', () => {
  it('wraps a valid payload in a CloudEvents 1.0 envelope whose subject is the case id', () => {
    const time = new Date('2025-03-03T01:00:00.000Z');
    const event = createEvent(TYPE, accepted(), { source: '/yekuo/intake', id: 'event-1', time });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'event-1',
      source: '/yekuo/intake',
      type: TYPE,
      subject: CASE_ID,
      time: '2025-03-03T01:00:00.000Z',
      datacontenttype: 'application/json',
      data: accepted(),
    });
  });

  it('gives every event a fresh id and the current time by default', () => {
    const a = createEvent(TYPE, accepted(), { source: '/yekuo/intake' });
    const b = createEvent(TYPE, accepted(), { source: '/yekuo/intake' });
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id).not.toBe(b.id);
    expect(Math.abs(Date.parse(a.time) - Date.now())).toBeLessThan(5_000);
  });

  it('rejects an invalid payload, naming the field', () => {
    const error = thrown(() => createEvent(TYPE, accepted({ capacityKva: -5 }), { source: '/yekuo/intake' }));
    expect(error.name).toBe('InvalidEventError');
    expect(error.message).toContain(TYPE);
    expect(error.message).toMatch(/capacityKva/);
  });

  it('names a nested or missing field by its path', () => {
    const badRole = thrown(() => createEvent(TYPE, accepted({ actor: { id: 'x', role: 'janitor' } }), { source: '/yekuo/intake' }));
    expect(badRole.message).toMatch(/actor\.role/);

    const { regionCode: _omitted, ...withoutRegion } = accepted();
    const missing = thrown(() => createEvent(TYPE, withoutRegion as never, { source: '/yekuo/intake' }));
    expect(missing.message).toMatch(/regionCode/);
  });

  it('carries the trace context as the distributed-tracing extension, and nothing of it when none is given', () => {
    const traced = createEvent(TYPE, accepted(), { source: '/yekuo/intake', trace: { traceparent: TRACEPARENT, tracestate: 'rojo=1' } });
    expect(traced).toMatchObject({ traceparent: TRACEPARENT, tracestate: 'rojo=1' });
    const withoutState = createEvent(TYPE, accepted(), { source: '/yekuo/intake', trace: { traceparent: TRACEPARENT } });
    expect(withoutState.traceparent).toBe(TRACEPARENT);
    expect(withoutState).not.toHaveProperty('tracestate');
    const untraced = createEvent(TYPE, accepted(), { source: '/yekuo/intake' });
    expect(untraced).not.toHaveProperty('traceparent');
    expect(untraced).not.toHaveProperty('tracestate');
  });

  it('refuses a malformed trace context, naming the attribute', () => {
    const error = thrown(() => createEvent(TYPE, accepted(), { source: '/yekuo/intake', trace: { traceparent: '00-abc-def-01' } }));
    expect(error.message).toMatch(/trace context is invalid: traceparent/);
  });

  it('keeps only the fields of the catalog schema', () => {
    const event = createEvent(TYPE, accepted({ internalNote: 'not public' }), { source: '/yekuo/intake' });
    expect(event.data).not.toHaveProperty('internalNote');
  });
});

describe('parseEvent', () => {
  const valid = () => createEvent(TYPE, accepted(), { source: '/yekuo/intake' });

  it('round-trips a valid event through JSON', () => {
    const event = valid();
    expect(parseEvent(wire(event))).toEqual(event);
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an array', []],
    ['an object without the envelope', { type: TYPE, data: accepted() }],
  ])('rejects %s as not a CloudEvent', (_label, raw) => {
    expect(thrown(() => parseEvent(raw)).message).toMatch(/^not a CloudEvent/);
  });

  it('round-trips the trace context and refuses a malformed one', () => {
    const event = createEvent(TYPE, accepted(), { source: '/yekuo/intake', trace: { traceparent: TRACEPARENT, tracestate: 'rojo=1' } });
    expect(parseEvent(wire(event))).toEqual(event);
    expect(thrown(() => parseEvent({ ...(wire(event) as object), traceparent: 'not-a-traceparent' })).message).toMatch(
      /not a CloudEvent: traceparent/,
    );
    expect(thrown(() => parseEvent({ ...(wire(event) as object), tracestate: 'Bad Key=1' })).message).toMatch(/tracestate/);
  });

  it('rejects another specversion, a time without offset and another data content type', () => {
    const event = wire(valid()) as Record<string, unknown>;
    expect(thrown(() => parseEvent({ ...event, specversion: '0.3' })).message).toMatch(/not a CloudEvent: specversion/);
    expect(thrown(() => parseEvent({ ...event, time: '2025-03-03 09:00' })).message).toMatch(/time/);
    expect(thrown(() => parseEvent({ ...event, datacontenttype: 'text/plain' })).message).toMatch(/datacontenttype/);
    const { subject: _subject, ...withoutSubject } = event;
    expect(thrown(() => parseEvent(withoutSubject)).message).toMatch(/subject/);
  });

  it('rejects an unknown type, including another version of a known one', () => {
    const event = wire(valid()) as Record<string, unknown>;
    expect(thrown(() => parseEvent({ ...event, type: 'intake.application.exploded.v1' })).message).toBe(
      'unknown event type intake.application.exploded.v1',
    );
    expect(thrown(() => parseEvent({ ...event, type: 'intake.application.accepted.v9' })).message).toMatch(/unknown event type/);
  });

  it('rejects a payload that does not match its type, naming the field', () => {
    const event = wire(valid()) as { data: Record<string, unknown> };
    const error = thrown(() => parseEvent({ ...event, data: { ...event.data, caseNumber: 'not-a-case-number' } }));
    expect(error.message).toContain(`${TYPE} payload is invalid`);
    expect(error.message).toMatch(/caseNumber/);
  });

  it('checks the payload against the type it claims, not another one', () => {
    const event = wire(valid()) as Record<string, unknown>;
    expect(thrown(() => parseEvent({ ...event, type: 'planning.survey.completed.v1' })).message).toMatch(
      /planning\.survey\.completed\.v1 payload is invalid: completedAt/,
    );
  });
});
