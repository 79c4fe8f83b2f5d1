import { ConsoleLogger, Logger } from '@nestjs/common';
import { createLogger } from './logger';
import { NestLogger } from './nest-logger';

describe('NestLogger', () => {
  const lines: string[] = [];
  const read = () => lines.splice(0).map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(() => {
    const pino = createLogger({
      service: 'planning',
      level: 'verbose',
      format: 'json',
      destination: { write: (line) => lines.push(line) },
    });
    Logger.overrideLogger(new NestLogger(pino));
  });
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it('sends every `new Logger(context)` call through pino, at its level, with the context name', () => {
    const logger = new Logger('OutboxRelay');
    logger.log('connected');
    logger.warn('publishing failed');
    logger.debug('polled');
    logger.verbose('details');
    expect(read()).toEqual([
      expect.objectContaining({ level: 'info', service: 'planning', context: 'OutboxRelay', msg: 'connected' }),
      expect.objectContaining({ level: 'warn', context: 'OutboxRelay', msg: 'publishing failed' }),
      expect.objectContaining({ level: 'debug', context: 'OutboxRelay', msg: 'polled' }),
      expect.objectContaining({ level: 'trace', context: 'OutboxRelay', msg: 'details' }),
    ]);
  });

  it('keeps an error’s stack as `err`, whether Nest passes the Error or its stack, and takes a plain object’s fields', () => {
    const logger = new Logger('Consumer');
    const failure = new Error('handler failed');
    logger.error('could not apply', failure.stack);
    logger.error(failure);
    Logger.error('static, with its stack', failure.stack);
    logger.debug({ msg: 'published', eventId: 'evt-1', eventType: 'planning.scheme.confirmed.v1' });
    const [withStack, asError, fromStatic, object] = read();
    expect(withStack).toMatchObject({ level: 'error', context: 'Consumer', msg: 'could not apply', err: { stack: failure.stack } });
    expect(asError).toMatchObject({
      level: 'error',
      context: 'Consumer',
      msg: 'handler failed',
      err: { type: 'Error', message: 'handler failed' },
    });
    expect(fromStatic).toMatchObject({ msg: 'static, with its stack', err: { stack: failure.stack } });
    expect(fromStatic).not.toHaveProperty('context');
    expect(object).toMatchObject({
      level: 'debug',
      context: 'Consumer',
      msg: 'published',
      eventId: 'evt-1',
      eventType: 'planning.scheme.confirmed.v1',
    });
  });

  it('writes nothing below the level it was made with', () => {
    const quiet: string[] = [];
    const logger = new NestLogger(
      createLogger({ service: 'planning', level: 'warn', format: 'json', destination: { write: (line) => quiet.push(line) } }),
    );
    logger.log('dropped', 'Ctx');
    logger.debug('dropped', 'Ctx');
    logger.warn('kept', 'Ctx');
    expect(quiet.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['kept']);
  });
});
