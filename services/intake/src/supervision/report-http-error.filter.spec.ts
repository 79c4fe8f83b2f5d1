import type { ArgumentsHost } from '@nestjs/common';
import { ValidationFailedError } from '@yekuo/platform';
import { ReportHttpErrorFilter } from './report-http-error.filter';

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
  new ReportHttpErrorFilter().catch(exception, host);
  return answer;
}

describe('ReportHttpErrorFilter', () => {
  it('answers a refused parameter as the document endpoints do', () => {
    expect(answerTo(new ValidationFailedError([{ field: 'format', message: 'must be xlsx or csv' }]))).toEqual({
      status: 400,
      body: expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'format', message: 'must be xlsx or csv' }],
      }) as unknown,
    });
  });

  it('answers a database out of reach as 503 to ask again, and anything else as 500, in words of its own', () => {
    const restarting = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(answerTo(restarting)).toEqual({
      status: 503,
      body: {
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
        message: 'The report is unavailable for a moment; ask for it again',
      },
    });
    expect(answerTo(new Error('relation "supervised_clock" does not exist'))).toEqual({
      status: 500,
      body: { statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'The report could not be made' },
    });
  });
});
