import { randomUUID } from 'node:crypto';
import type { GraphQLResponse, ServiceHarness } from '@yekuo/testing';
import { application, newCustomer, residentId, startIntake, SUBMIT, submit } from '../testing/intake.fixtures';

jest.setTimeout(120_000);

/** What a refused submission tells its caller: the message and extensions of each error, nothing else. */
const answerOf = (response: GraphQLResponse) => ({
  data: response.data ?? null,
  errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })),
});

describe('submitting with an identity the caller may not act for', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers an ID number on file under another account exactly as a customer outside an agent’s authorization', async () => {
    // A customer whose ID number is on file.
    const owner = newCustomer(h);
    const idNumber = residentId();
    const owned = await submit(owner.caller, application({}, { idNumber, name: '陈一' }));
    expect(owned.customer.id).toBe(owner.id);

    // Another account gives the same ID number on its first application.
    const other = newCustomer(h);
    const onFile = answerOf(await other.caller.raw(SUBMIT, { input: application({}, { idNumber, name: '陈一' }) }));

    // An agent names customers it does not act for: the owner above, and a customer that does not exist.
    const agent = h.as('agent', { sub: `agent-${randomUUID()}`, actsFor: [randomUUID()] });
    const notCovered = answerOf(
      await agent.raw(SUBMIT, { input: { ...application(), customerId: owner.id, authorizationDocumentId: 'WT-2026-001' } }),
    );
    const unknown = answerOf(
      await agent.raw(SUBMIT, { input: { ...application(), customerId: randomUUID(), authorizationDocumentId: 'WT-2026-001' } }),
    );

    expect(notCovered).toEqual({
      data: null,
      errors: [{ message: 'Your authorization does not cover this customer', extensions: { code: 'FORBIDDEN' } }],
    });
    expect(unknown).toEqual(notCovered);
    expect(onFile).toEqual(notCovered);

    // Nothing was created for the refused account: with a number of its own it applies as itself.
    const own = await submit(other.caller, application({}, { idNumber: residentId(), name: '陈二' }));
    expect(own.customer.id).toBe(other.id);
  });
});
