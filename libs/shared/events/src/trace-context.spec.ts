import { traceIdOf, traceparent, tracestate } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('traceparent', () => {
  it.each([
    ['a sampled version 00 context', `00-${TRACE_ID}-${SPAN_ID}-01`],
    ['an unsampled one', `00-${TRACE_ID}-${SPAN_ID}-00`],
    ['a later version with a further field', `01-${TRACE_ID}-${SPAN_ID}-01-what-comes-next`],
  ])('accepts %s', (_label, value) => {
    expect(traceparent.safeParse(value).success).toBe(true);
  });

  it.each([
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['the forbidden version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with a fifth field', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['no flags', `00-${TRACE_ID}-${SPAN_ID}`],
    ['surrounding space', ` 00-${TRACE_ID}-${SPAN_ID}-01`],
  ])('refuses %s', (_label, value) => {
    expect(traceparent.safeParse(value).success).toBe(false);
  });

  it('reads the trace id of a traceparent', () => {
    expect(traceIdOf(`00-${TRACE_ID}-${SPAN_ID}-01`)).toBe(TRACE_ID);
  });
});

describe('tracestate', () => {
  it.each([
    ['one member', 'congo=t61rcWkgMzE'],
    ['two members with spaces', 'rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE'],
    ['a multi-tenant key', 'fw529a3039@dt=ZmFsc2UK'],
    ['a value with inner spaces', 'vendor=a b c'],
  ])('accepts %s', (_label, value) => {
    expect(tracestate.safeParse(value).success).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['a key in upper case', 'Rojo=1'],
    ['a value with =', 'rojo=a=b'],
    ['a value ending in a space', 'rojo=ab '],
    ['a member without a value', 'rojo'],
    ['33 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
    ['more than 512 characters', `k=${'v'.repeat(255)},l=${'v'.repeat(255)}`],
  ])('refuses %s', (_label, value) => {
    expect(tracestate.safeParse(value).success).toBe(false);
  });
});
