import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { addToLogContext, eventLogContext, runWithLogContext } from './log-context';
import { createLogger } from './logger';
import { REDACTED, REDACTED_FIELDS, scrubText } from './redaction';
import type { LogFormat, LogLevelSetting } from '../config/logging';

/** A logger writing into an array, and the lines it wrote. */
function capture(options: { level?: LogLevelSetting; format?: LogFormat } = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'intake',
    level: options.level ?? 'log',
    format: options.format ?? 'json',
    destination: { write: (line) => lines.push(line) },
  });
  return { logger, lines, json: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const ID_NUMBER = '31010419880505666X';
const MOBILE = '13812345678';
const LANDLINE = '021-12345678';
const EMAIL = 'chen.yi@example.com';
const NAME = '陈一';
const ADDRESS = '上海市徐汇区漕溪北路88号';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXN0LTEifQ.c2lnbmF0dXJl';
const IDEMPOTENCY_KEY = 'key-7f3a9c21';

describe('createLogger', () => {
  it('writes one JSON object a line with the level, time, service, message and the ids of the request, case and event', () => {
    const { logger, lines, json } = capture();
    runWithLogContext({ requestId: 'req-1' }, () => {
      addToLogContext({ caseId: '0f9d6b1e-8a57-4c51-9a36-2a1f3e9b7c10' });
      runWithLogContext(eventLogContext({ id: 'evt-1', type: 'intake.application.accepted.v1', data: { caseId: 'case-2' } }), () =>
        logger.info('applied'),
      );
      logger.warn('after the event');
    });
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith('}\n')).toBe(true);
    const [applied, after] = json();
    expect(applied).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'intake',
      requestId: 'req-1',
      caseId: 'case-2',
      eventId: 'evt-1',
      eventType: 'intake.application.accepted.v1',
      msg: 'applied',
    });
    // The event's context ended with it; the case the request locked is still its case.
    expect(after).toEqual(
      expect.objectContaining({
        level: 'warn',
        requestId: 'req-1',
        caseId: '0f9d6b1e-8a57-4c51-9a36-2a1f3e9b7c10',
        msg: 'after the event',
      }),
    );
    expect(after).not.toHaveProperty('eventId');
  });

  it('leaves out every id nothing set, and the event context of an anchor names no case', () => {
    const { logger, json } = capture();
    logger.info('outside any request');
    runWithLogContext(eventLogContext({ id: 'evt-2', type: 'intake.audit.anchored.v1', data: { anchorId: 'a-1' } }), () =>
      logger.info('anchored'),
    );
    const [outside, anchored] = json();
    for (const key of ['requestId', 'caseId', 'eventId', 'eventType', 'traceId', 'spanId']) expect(outside).not.toHaveProperty(key);
    expect(anchored).toMatchObject({ eventId: 'evt-2', eventType: 'intake.audit.anchored.v1' });
    expect(anchored).not.toHaveProperty('caseId');
  });

  describe('with a tracer', () => {
    const provider = new NodeTracerProvider();
    beforeAll(() => provider.register());
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    });

    it('adds the active span’s trace id and span id', () => {
      const { logger, json } = capture();
      const ids = provider.getTracer('test').startActiveSpan('request', (span) => {
        logger.info('inside the span');
        span.end();
        return span.spanContext();
      });
      logger.info('after the span');
      const [inside, after] = json();
      expect(inside).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
      expect(inside.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(after).not.toHaveProperty('traceId');
    });
  });

  it('writes LOG_LEVEL and above: warn drops info, verbose keeps trace', () => {
    const quiet = capture({ level: 'warn' });
    quiet.logger.info('dropped');
    quiet.logger.warn('kept');
    expect(quiet.json().map((line) => line.msg)).toEqual(['kept']);
    const loud = capture({ level: 'verbose' });
    loud.logger.trace('verbose line');
    expect(loud.json()).toEqual([expect.objectContaining({ level: 'trace', msg: 'verbose line' })]);
  });

  it('redacts every field of personal data and every credential, at the top and nested, and keeps the rest', () => {
    const { logger, lines, json } = capture();
    const values = Object.fromEntries(REDACTED_FIELDS.map((field, i) => [field, `secret-value-${i}-${field}`]));
    logger.info({ ...values, nested: { ...values }, deeper: { inside: { ...values } } }, 'fields');
    logger.info(
      {
        input: { customer: { name: NAME, idNumber: ID_NUMBER, phone: MOBILE, email: EMAIL, id: 'cust-1' }, siteAddress: ADDRESS },
        headers: { authorization: `Bearer ${JWT}`, 'idempotency-key': IDEMPOTENCY_KEY, 'content-type': 'application/json' },
        job: { name: 'outbox poll' },
      },
      'submitted',
    );
    const output = lines.join('');
    for (const value of [...Object.values(values), NAME, ID_NUMBER, MOBILE, EMAIL, ADDRESS, JWT, IDEMPOTENCY_KEY]) {
      expect(output).not.toContain(value);
    }
    const [fields, submitted] = json();
    expect(fields).toMatchObject({ idNumber: REDACTED, nested: { phone: REDACTED }, deeper: { inside: { email: REDACTED } } });
    expect(submitted).toMatchObject({
      input: { customer: { name: REDACTED, idNumber: REDACTED, id: 'cust-1' }, siteAddress: REDACTED },
      headers: { authorization: REDACTED, 'idempotency-key': REDACTED, 'content-type': 'application/json' },
      job: { name: 'outbox poll' },
    });
  });

  it('redacts inside lists and leaves the objects the caller logged as they were', () => {
    const { logger, lines } = capture();
    const logged = { contacts: [{ customerId: 'cust-1', phone: MOBILE, email: EMAIL }], customer: { name: NAME, id: 'cust-1' } };
    logger.info(logged, 'contacts read');
    expect(lines[0]).not.toContain(MOBILE);
    expect(lines[0]).not.toContain(NAME);
    expect(JSON.parse(lines[0])).toMatchObject({ contacts: [{ customerId: 'cust-1', phone: REDACTED, email: REDACTED }] });
    expect(logged).toEqual({ contacts: [{ customerId: 'cust-1', phone: MOBILE, email: EMAIL }], customer: { name: NAME, id: 'cust-1' } });
  });

  it('masks identity numbers, phone numbers, email addresses and tokens in messages, text fields and errors', () => {
    const { logger, lines, json } = capture();
    const text = `customer ${ID_NUMBER.toLowerCase()} / ${ID_NUMBER.slice(0, 17)}1 called from ${MOBILE}, office ${LANDLINE}, mail ${EMAIL}, Bearer ${JWT}`;
    logger.info(text);
    logger.warn({ reason: `duplicate key (id_number)=(${ID_NUMBER})` }, 'refused');
    logger.error({ err: new Error(`no customer with phone ${MOBILE}`) }, 'lookup failed');
    logger.info('身份证号%s，手机%s', ID_NUMBER, MOBILE);
    const output = lines.join('');
    for (const value of [ID_NUMBER, ID_NUMBER.toLowerCase(), `${ID_NUMBER.slice(0, 17)}1`, MOBILE, LANDLINE, '12345678', EMAIL, JWT]) {
      expect(output).not.toContain(value);
    }
    const [message, refused, failed, chinese] = json();
    expect(message.msg).toBe(
      `customer ${REDACTED} / ${REDACTED} called from ${REDACTED}, office ${REDACTED}, mail ${REDACTED}, ${REDACTED}`,
    );
    expect(refused.reason).toBe(`duplicate key (id_number)=(${REDACTED})`);
    expect(failed.err).toMatchObject({ type: 'Error', message: `no customer with phone ${REDACTED}` });
    expect(String((failed.err as { stack: string }).stack)).toContain(`Error: no customer with phone ${REDACTED}`);
    expect(chinese.msg).toBe(`身份证号${REDACTED}，手机${REDACTED}`);
  });

  it('masks the password of a URL, and keeps its user and host (which say where it failed)', () => {
    expect(scrubText('cannot reach amqp://guest:s3cret@127.0.0.1:5672 nor postgres://yekuo_intake_app@db.internal/yekuo_intake')).toBe(
      `cannot reach amqp://guest:${REDACTED}@127.0.0.1:5672 nor postgres://yekuo_intake_app@db.internal/yekuo_intake`,
    );
  });

  it('leaves ids, times and counts that only look like numbers alone', () => {
    const text = 'case 3f2a9c10-1b2c-4d5e-8f90-138123456789 at 1796638072475 (13812345678901 bytes, order YK202612070001, 2 found)';
    expect(scrubText(text)).toBe(text);
  });

  it('writes readable lines when asked (pino-pretty in this thread), with the context and no personal data', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    runWithLogContext({ requestId: 'req-9' }, () => logger.info({ context: 'OutboxRelay', phone: MOBILE }, `sent to ${MOBILE}`));
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0]) as unknown).toThrow();
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[OutboxRelay\] sent to \[REDACTED\] \{.*"requestId":"req-9"/);
    expect(lines[0]).not.toContain(MOBILE);
  });

  it('falls back to JSON when pino-pretty is not installed (as in images)', () => {
    jest.isolateModules(() => {
      jest.doMock('pino-pretty', () => {
        throw new Error("Cannot find module 'pino-pretty'");
      });
      const { createLogger: isolated } = jest.requireActual<typeof import('./logger')>('./logger');
      const lines: string[] = [];
      isolated({ service: 'intake', level: 'log', format: 'pretty', destination: { write: (line) => lines.push(line) } }).info('plain');
      expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', msg: 'plain' });
    });
    jest.dontMock('pino-pretty');
  });
});
