import { ValidationFailedError } from '@yekuo/platform';
import { ReportHttpErrorFilter } from './report-http-error.filter';
import { answerOf } from '../testing/http-answer';

const answerTo = (exception: unknown) => answerOf(new ReportHttpErrorFilter(), exception);

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
