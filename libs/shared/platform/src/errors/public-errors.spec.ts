import type { Request, Response } from 'express';
import { GraphQLError, GraphQLFormattedError, locatedError } from 'graphql';
import { NotFoundError, ValidationFailedError } from './domain-error';
import { jsonErrorHandler } from './http-errors';
import {
  classifyError,
  errorMaskingPlugin,
  isDatabaseUnavailable,
  isDatabaseValueError,
  MaskedErrorEntry,
  publicError,
  requestIdFrom,
} from './public-errors';

/** An error as node-postgres raises it (a SQLSTATE or a socket code on `code`), wrapped by TypeORM as QueryFailedError does. */
function pgError(code: string, message: string, query = 'SELECT * FROM connection_case WHERE id = $1'): Error {
  const driverError = Object.assign(new Error(message), { code });
  return Object.assign(new Error(message), { name: 'QueryFailedError', query, parameters: ['x'], driverError, code });
}

/** What Apollo Server hands formatError for an error thrown by a resolver at `case`. */
function formatted(error: Error, code = 'INTERNAL_SERVER_ERROR'): [GraphQLFormattedError, GraphQLError] {
  const located = locatedError(error, null, ['case']);
  return [
    {
      message: located.message,
      locations: [{ line: 1, column: 3 }],
      path: ['case'],
      extensions: {
        ...located.extensions,
        code: located.extensions.code ?? code,
        stacktrace: ['at /home/app/x.ts:1'],
      },
    },
    located,
  ];
}

describe('the errors a caller sees', () => {
  it('knows a database that is restarting or cannot be reached', () => {
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P02', 'terminating connection due to crash of another server process'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(classifyError(locatedError(error, null, ['case']))).toBe('unavailable');
    }
    expect(isDatabaseUnavailable(pgError('22P02', 'invalid input syntax for type uuid: "x"'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
  });

  it('knows a value PostgreSQL refused (class 22), division by zero aside', () => {
    for (const code of ['22P02', '22021', '22007', '22008', '22003', '22001', '22025']) {
      expect(isDatabaseValueError(pgError(code, 'refused'))).toBe(true);
    }
    expect(isDatabaseValueError(pgError('22012', 'division by zero'))).toBe(false);
    expect(isDatabaseValueError(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
  });

  it('lets intended errors through as they are, without stack traces or a raw subgraph answer', () => {
    const [shape, error] = formatted(new ValidationFailedError([{ field: 'input.siteAddress', message: 'siteAddress must not be blank' }]));
    expect(publicError(shape, error)).toEqual({
      message: 'Invalid input: input.siteAddress siteAddress must not be blank',
      locations: [{ line: 1, column: 3 }],
      path: ['case'],
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.siteAddress', message: 'siteAddress must not be blank' }] },
    });
    const graphqlOwn = new GraphQLError('Variable "$id" of required type "ID!" was not provided.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(publicError({ message: graphqlOwn.message, extensions: { code: 'BAD_USER_INPUT' } }, graphqlOwn)).toEqual({
      message: graphqlOwn.message,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const fromSubgraph = new GraphQLError('Case x was not found', {
      extensions: { code: 'NOT_FOUND', serviceName: 'intake', response: { url: 'http://10.0.0.7:4001/graphql' } },
    });
    expect(publicError({ message: fromSubgraph.message, extensions: { ...fromSubgraph.extensions } }, fromSubgraph)).toEqual({
      message: 'Case x was not found',
      extensions: { code: 'NOT_FOUND', serviceName: 'intake' },
    });
    expect(classifyError(locatedError(new NotFoundError('Case', 'x'), null, ['case']))).toBe('public');
  });

  it('answers a database outage as SERVICE_UNAVAILABLE, retryable, without its text', () => {
    const [shape, error] = formatted(pgError('57P01', 'terminating connection due to administrator command'));
    const answer = publicError(shape, error);
    expect(answer).toEqual({
      message: 'The service cannot reach its database just now; try again shortly',
      locations: [{ line: 1, column: 3 }],
      path: ['case'],
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, requestId: undefined },
    });
  });

  it('answers a value PostgreSQL refused as VALIDATION_FAILED without its text or SQL', () => {
    for (const [code, text] of [
      ['22P02', 'invalid input syntax for type uuid: "not-a-uuid"'],
      ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
      ['22007', 'invalid input syntax for type timestamp with time zone: "x"'],
      ['22008', 'date/time field value out of range: "2026-02-30"'],
    ]) {
      const [shape, error] = formatted(pgError(code, text));
      const answer = publicError(shape, error);
      expect(answer.extensions).toEqual({ code: 'VALIDATION_FAILED', requestId: undefined });
      expect(JSON.stringify(answer)).not.toMatch(/syntax|UTF8|SELECT|out of range|\.ts/);
    }
  });

  it('answers anything else as "Internal server error" with the request id only', () => {
    const [shape, error] = formatted(new Error("ENOENT: no such file or directory, open '/home/app/services/intake/src/x.ts'"));
    expect(publicError(shape, error)).toEqual({
      message: 'Internal server error',
      locations: [{ line: 1, column: 3 }],
      path: ['case'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: undefined },
    });
    // A subgraph's masked error keeps the subgraph's request id (the same as the gateway's) and its serviceName.
    const relayed = new GraphQLError('Internal server error', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7', serviceName: 'planning' },
    });
    expect(publicError({ message: relayed.message, extensions: { ...relayed.extensions } }, relayed)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'planning', requestId: 'req-7' },
    });
    // graphql-js's own execution errors carry no code: they are internal too.
    const execution = new GraphQLError('Cannot return null for non-nullable field Case.number.');
    expect(publicError({ message: execution.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, execution).message).toBe(
      'Internal server error',
    );
  });

  it('gives the masked errors the request id and logs each of them once under it', async () => {
    const logged: MaskedErrorEntry[] = [];
    const plugin = errorMaskingPlugin({ log: (entry) => logged.push(entry) });
    const listeners = await plugin.requestDidStart!({ request: { http: { headers: new Map([['x-request-id', 'req-42']]) } } } as never);
    const boom = new Error('boom at /home/app/x.ts');
    await listeners!.didEncounterErrors!({
      errors: [locatedError(boom, null, ['case']), locatedError(new NotFoundError('Case', 'x'), null, ['case'])],
    } as never);
    expect(logged).toEqual([{ requestId: 'req-42', kind: 'internal', path: ['case'], error: boom }]);

    const response = {
      body: {
        kind: 'single',
        singleResult: {
          errors: [
            { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: undefined } },
            { message: 'Case x was not found', extensions: { code: 'NOT_FOUND' } },
          ],
        },
      },
    };
    await listeners!.willSendResponse!({ response } as never);
    expect(response.body.singleResult.errors).toEqual([
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' } },
      { message: 'Case x was not found', extensions: { code: 'NOT_FOUND' } },
    ]);
  });

  it('takes a sane x-request-id and makes one up otherwise', () => {
    expect(requestIdFrom('req-42')).toBe('req-42');
    expect(requestIdFrom('<script>')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('HTTP errors before GraphQL runs', () => {
  function answer(error: unknown) {
    const sent: { status?: number; body?: unknown } = {};
    const res = {
      headersSent: false,
      locals: { requestId: 'req-9' },
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
        return this;
      },
    };
    const logged: [string, unknown][] = [];
    const handler = jsonErrorHandler({
      log: (requestId, e) => logged.push([requestId, e]),
      requestIdOf: (_req, r) => (r.locals as { requestId: string }).requestId,
    });
    handler(error, { headers: {} } as Request, res as unknown as Response, () => undefined);
    return { ...sent, logged };
  }

  it('answers a body that is not JSON with 400 BAD_REQUEST and one over the limit with 413 PAYLOAD_TOO_LARGE, as JSON', () => {
    expect(
      answer(Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { type: 'entity.parse.failed', status: 400 })),
    ).toEqual({
      status: 400,
      body: { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] },
      logged: [],
    });
    expect(answer(Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 }))).toEqual({
      status: 413,
      body: { errors: [{ message: 'The request body is larger than this server accepts', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] },
      logged: [],
    });
    expect(answer(Object.assign(new Error('unsupported charset "LATIN-9"'), { type: 'charset.unsupported', status: 415 })).status).toBe(
      415,
    );
  });

  it('answers anything else with 500 and the request id only, and logs the detail under it', () => {
    const error = new Error('EACCES: /home/app/var/keys');
    expect(answer(error)).toEqual({
      status: 500,
      body: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-9' } }] },
      logged: [['req-9', error]],
    });
  });
});
