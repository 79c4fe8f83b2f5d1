import { DocumentHttpErrorFilter } from './document-http-error.filter';
import { answerOf } from '../testing/http-answer';

const answerTo = (exception: unknown) => answerOf(new DocumentHttpErrorFilter(), exception);

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
