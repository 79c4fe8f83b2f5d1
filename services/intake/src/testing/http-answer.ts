import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';

/** What an HTTP exception filter answered for `exception`: the status and the JSON body. */
export function answerOf(filter: ExceptionFilter, exception: unknown): { status: number; body: Record<string, unknown> } {
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
  filter.catch(exception, host);
  return answer;
}
