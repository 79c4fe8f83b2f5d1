import { randomUUID } from 'node:crypto';
import { captureLog, LogCapture, ServiceHarness } from '@yekuo/testing';
import { application, clerkOf, residentId, startIntake, SUBMIT } from './testing/intake.fixtures';

jest.setTimeout(120_000);

describe('the log of a real request and a real event (in process, real PostgreSQL and RabbitMQ, JSON lines)', () => {
  let h: ServiceHarness;
  let log: LogCapture;
  const lines = () => log.lines();

  beforeAll(async () => {
    log = captureLog();
    h = await startIntake({ env: { LOG_LEVEL: 'verbose', LOG_FORMAT: 'json' } });
  });
  afterAll(async () => {
    await h?.stop();
    log.stop();
  });

  it('writes the access line with the request id, the published event with its ids, and none of the personal data the mutation carried', async () => {
    const requestId = randomUUID();
    const idempotencyKey = `submit-${randomUUID()}`;
    const person = { idNumber: residentId(), name: '欧阳十二', phone: '13722223333', email: 'ouyang.shier@example.com' };
    const input = application({}, person);
    const { submitApplication: created } = await clerkOf(h)
      .withHeaders({ 'x-request-id': requestId, 'idempotency-key': idempotencyKey })
      .mutate<{ submitApplication: { id: string } }>(SUBMIT, { input });
    await h.waitFor('the outbox to be relayed', () => lines().some((line) => line.msg === 'published intake.application.submitted.v1'));

    const access = lines().filter((line) => line.requestId === requestId && line.path === '/graphql');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'intake',
        method: 'POST',
        status: 200,
        durationMs: expect.any(Number),
        msg: 'POST /graphql 200',
      }),
    ]);
    const published = lines().find((line) => line.msg === 'published intake.application.submitted.v1' && line.caseId === created.id);
    expect(published).toMatchObject({ level: 'debug', context: 'outbox', eventType: 'intake.application.submitted.v1' });
    const event = h.tap.ofType('intake.application.submitted.v1').find((m) => (m.body as { subject: string }).subject === created.id);
    expect(published?.eventId).toBe((event?.body as { id: string }).id);

    const output = log.text();
    const personal = [person.idNumber, person.idNumber.slice(0, 17), person.name, person.phone, person.email, input.siteAddress];
    for (const value of [...personal, idempotencyKey]) expect({ value, logged: output.includes(value) }).toEqual({ value, logged: false });
    expect(output).not.toMatch(/bearer /i);
  });

  it('writes every line of a consumed event with its id, type and case', async () => {
    const unknownCase = randomUUID();
    const energized = h.event('metering.case.energized.v1', {
      caseId: unknownCase,
      caseNumber: 'YK-2026-000001',
      customerId: randomUUID(),
      category: 'LV_RESIDENTIAL',
      policyVersion: '2026-01',
      actor: { id: 'tech-1', role: 'metering-technician' },
      energizedAt: new Date().toISOString(),
    });
    await h.publishAndWait(energized);
    const warned = await h.waitFor('the consumer’s warning', () =>
      lines().find((line) => line.eventId === energized.id && line.level === 'warn'),
    );
    expect(warned).toMatchObject({
      context: 'MeteringFactsConsumer',
      eventType: 'metering.case.energized.v1',
      caseId: unknownCase,
      msg: `metering.case.energized.v1 ${energized.id} names case ${unknownCase}, which intake does not know`,
    });
  });
});
