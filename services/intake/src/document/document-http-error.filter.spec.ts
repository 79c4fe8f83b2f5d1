import type { ArgumentsHost } from '@nestjs/common';
import { DocumentHttpErrorFilter } from './document-http-error.filter';

/** What the filter answered: the status and the JSON body. */
function answerTo(exception: unknown): { status: number; body: Record<string, unknown> } {
  const answer = { status: 0, body: {} as Record<string, unknown> };
  const response = {
    status(code: number) {
      answer.status = code;
      return response;
    },
    json(body: Record<string, unknown>) {
      answer.body = body;
      return response;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new DocumentHttpErrorFilter().catch(exception, host);
  return answer;
}

describe('DocumentHttpErrorFilter', () => {
  it('answers a database restarting or out of reach as 503 SERVICE_UNAVAILABLE the client may retry', () => {
    const restarting = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(answerTo(restarting)).toEqual({
      status: 503,
      body: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', retryable: true }) as unknown,
    });
  });

  it('answers anything else unexpected as 500 without its detail', () => {
    const answer = answerTo(new Error('relation "case_document" does not exist'));
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'The document could not be processed' });
  });
});
