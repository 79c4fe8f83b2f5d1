import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { Principal } from '../auth/principal';
import { InvalidTransitionError, NotFoundError } from '../errors/domain-error';
import { CaseCopyStore } from './case-copy.store';
import { bindLoaders, LoaderRegistry } from './request-loaders';

interface Row {
  caseId: string;
  customerId: string | null;
  regionCode: string | null;
  businessType: string | null;
  status: 'OPEN' | 'DONE';
}
class RowEntity {}

const A = '6f1c1b7e-3c55-4b0e-9a57-0d7c1c9b1a11';
const B = '0b9f0e2a-7c1d-4f7e-8a53-1d2c3b4a5e6f';
const CUSTOMER = '3a0e8c52-9d7f-4f44-b0a1-7c2e5d1f9a10';
const rows: Record<string, Row> = {
  [A]: { caseId: A, customerId: CUSTOMER, regionCode: '310104', businessType: 'NEW_CONNECTION', status: 'OPEN' },
  [B]: { caseId: B, customerId: 'someone-else', regionCode: null, businessType: null, status: 'DONE' },
};

class Store extends CaseCopyStore<Row, Row['status'], 'finish'> {
  constructor(dataSource: DataSource) {
    super(dataSource, new AuditLog(), {
      entity: RowEntity as new () => Row,
      lockName: 'test-case',
      machine: () => ({
        next: (state, action) => {
          if (state !== 'OPEN') throw new InvalidTransitionError(action, state, ['OPEN']);
          return 'DONE';
        },
      }),
    });
  }
}

function fakeDataSource() {
  const finds: string[][] = [];
  const manager = {
    connection: { getMetadata: () => ({ name: 'RowEntity' }) },
    find: jest.fn((_entity: unknown, options: { where: { caseId: { value: string[] } } }) => {
      const ids = options.where.caseId.value;
      finds.push(ids);
      return Promise.resolve(ids.map((id) => rows[id]).filter(Boolean));
    }),
    findOne: jest.fn((_entity: unknown, options: { where: { caseId: string } }) => Promise.resolve({ ...rows[options.where.caseId] })),
  };
  return { dataSource: { manager } as unknown as DataSource, manager: manager as unknown as EntityManager, finds };
}

const customer = (): Principal => ({ sub: CUSTOMER, roles: ['customer'], regions: [], actsFor: [] });
const staff = (): Principal => ({ sub: 'staff-1', roles: ['planner'], regions: [], actsFor: [] });

describe('CaseCopyStore', () => {
  it('reads every case a request asks for in one query, and each case once however many fields ask', async () => {
    const { dataSource, finds } = fakeDataSource();
    const store = new Store(dataSource);
    const principal = staff();
    bindLoaders(principal, new Map() as LoaderRegistry);
    const read = await Promise.all([store.findVisible(principal, A), store.findVisible(principal, B), store.findVisible(principal, A)]);
    expect(read.map((r) => r?.caseId)).toEqual([A, B, A]);
    expect(await store.findVisible(principal, B)).toMatchObject({ caseId: B });
    expect(finds).toEqual([[A, B]]);
  });

  it('checks visibility after the load and answers an id that is no UUID with null, without a query', async () => {
    const { dataSource, finds } = fakeDataSource();
    const store = new Store(dataSource);
    const principal = customer();
    bindLoaders(principal, new Map() as LoaderRegistry);
    expect(await store.findVisible(principal, A)).toMatchObject({ caseId: A });
    expect(await store.findVisible(principal, B)).toBeNull();
    expect(await store.findVisible(principal, 'not-a-uuid')).toBeNull();
    expect(finds.flat().sort()).toEqual([A, B].sort());
  });

  it('locks for a change: NOT_FOUND when not the caller’s, INVALID_TRANSITION from the state machine, the next state otherwise', async () => {
    const { dataSource, manager } = fakeDataSource();
    const store = new Store(dataSource);
    await expect(store.lockFor(manager, customer(), B, 'finish')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.lockFor(manager, staff(), B, 'finish')).rejects.toMatchObject({
      extensions: { code: 'INVALID_TRANSITION', currentState: 'DONE', requires: ['OPEN'] },
    });
    const { copy, next } = await store.lockFor(manager, customer(), A, 'finish');
    expect(copy.caseId).toBe(A);
    expect(next).toBe('DONE');
    expect(manager.findOne).toHaveBeenCalledWith(RowEntity, { where: { caseId: A }, lock: { mode: 'pessimistic_write' } });
  });

  it('forgets what the request read once it locks for a change', async () => {
    const { dataSource, manager, finds } = fakeDataSource();
    const store = new Store(dataSource);
    const principal = staff();
    bindLoaders(principal, new Map() as LoaderRegistry);
    await store.findVisible(principal, A);
    await store.lockVisible(manager, principal, A);
    await store.findVisible(principal, A);
    expect(finds).toEqual([[A], [A]]);
  });
});
