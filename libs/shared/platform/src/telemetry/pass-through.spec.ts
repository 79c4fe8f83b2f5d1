import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { graphqlOperationOf } from './http-spans';
import { withSpan } from './spans';
import { contextOfTrace, traceContextOf } from './trace-context';

// Traces off, as startTracing leaves a process without an endpoint: the propagator and the
// AsyncLocalStorage context manager, no SDK.
const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

beforeAll(() => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});

describe('with traces off', () => {
  it('passes the caller’s trace context on through spans and awaits', async () => {
    const seen = await withSpan('mutation Submit', {}, contextOfTrace({ traceparent: CALLER, tracestate: 'rojo=1' }), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return traceContextOf();
    });
    expect(seen).toEqual({ traceparent: CALLER, tracestate: 'rojo=1' });
  });

  it('has no trace context without a caller’s, and none after the span', async () => {
    expect(await withSpan('query', {}, ROOT_CONTEXT, () => Promise.resolve(traceContextOf()))).toBeUndefined();
    expect(traceContextOf()).toBeUndefined();
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('ignores a malformed traceparent', () => {
    expect(traceContextOf(contextOfTrace({ traceparent: '00-xyz-01' }))).toBeUndefined();
    expect(traceContextOf(contextOfTrace({ traceparent: 42 }))).toBeUndefined();
  });

  it('binds a function to the context it was bound in', async () => {
    const parent = contextOfTrace({ traceparent: CALLER });
    const bound = context.bind(parent, () => traceContextOf()?.traceparent);
    expect(await new Promise((resolve) => setImmediate(() => resolve(bound())))).toBe(CALLER);
  });
});

describe('graphqlOperationOf', () => {
  it.each([
    [
      { query: 'mutation Submit($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }', operationName: 'Submit' },
      { type: 'mutation', name: 'Submit' },
    ],
    [{ query: '  query { case(id: "1") { id } }' }, { type: 'query' }],
    [{ query: '{ __typename }', operationName: '' }, { type: 'query' }],
    [undefined, { type: 'query' }],
  ])('reads %j as %j', (body, expected) => {
    expect(graphqlOperationOf(body)).toEqual(expected);
  });
});
