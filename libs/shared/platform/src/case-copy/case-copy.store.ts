import type { Actor } from '@yekuo/events';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, FindOptionsWhere, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditLog } from '../audit/audit-log';
import { AuditVerification } from '../audit/audit-verification.model';
import { mayActFor, Principal } from '../auth/principal';
import { NotFoundError } from '../errors/domain-error';
import { addToLogContext } from '../logging/log-context';
import { forgetLoaded, requestLoader } from './request-loaders';
import { loadOneBy } from './row-loaders';

/** What the store needs of a service's case entity. */
export interface CaseCopyRow {
  caseId: string;
  customerId: string | null;
  regionCode: string | null;
  businessType: string | null;
}

/** The part of a service's state machine the store uses: the next state of an action, or INVALID_TRANSITION. */
export interface TransitionRules<S extends string, A extends string> {
  next(state: S, action: A): S;
}

export interface CaseCopyOptions<T, S extends string, A extends string> {
  /** The service's case entity (its own table). */
  entity: new () => T;
  /** Names the case's advisory lock: `<lockName>:<caseId>`. */
  lockName: string;
  /** The state machine that decides `action` on `copy` (it may depend on the case, e.g. its category). */
  machine: (copy: T) => TransitionRules<S, A>;
  /** The copy's state (default: its `status`). */
  stateOf?: (copy: T) => S;
}

/** The withdrawal as the copy records it (the one cancellation block of `CaseCopyFacts`). */
export interface Cancellation {
  at: Date;
  reason: string;
  by: Actor;
  work: string[];
}

/**
 * A service's copy of a case, the mechanics every service shares: opening it from an
 * event under the case's advisory lock, reading it once per request for every field
 * that asks (visibility checked after the load; existence never leaked), locking it for
 * a change and checking the transition through the service's state machine, moving it,
 * recording the withdrawal and the case facts, and verifying its audit chain. A service
 * extends it with its entity, its state machine and what only it does.
 */
export abstract class CaseCopyStore<T extends CaseCopyRow, S extends string = string, A extends string = string, O extends T = T> {
  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly auditLog: AuditLog,
    protected readonly copyOptions: CaseCopyOptions<T, S, A>,
  ) {}

  /** Whether `principal` may see `copy` (default: the customer, their agents and staff). */
  protected mayRead(principal: Principal, copy: T): boolean {
    return copy.customerId !== null && mayActFor(principal, copy.customerId);
  }

  /** Whether `principal` may change `copy` (default: whoever may see it). */
  protected mayChange(principal: Principal, copy: T): boolean {
    return this.mayRead(principal, copy);
  }

  /** The copy as an action finds it (a service may refuse an incomplete copy here); the default is the copy itself. */
  protected readyFor(copy: T, action: A): O {
    void action;
    return copy as O;
  }

  protected stateOf(copy: T): S {
    return this.copyOptions.stateOf ? this.copyOptions.stateOf(copy) : (copy as unknown as { status: S }).status;
  }

  private where(caseId: string): FindOptionsWhere<T> {
    return { caseId } as FindOptionsWhere<T>;
  }

  /**
   * The case when it exists and `principal` may see it; null otherwise (existence is never
   * leaked). Read once per request however many fields ask; an id that is no UUID is null
   * without a query.
   */
  async findVisible(principal: Principal, caseId: string): Promise<T | null> {
    if (!isUUID(caseId)) return null;
    const copy = await loadOneBy<T>(principal, this.dataSource.manager, this.copyOptions.entity, 'caseId', caseId);
    return copy && this.mayRead(principal, copy) ? copy : null;
  }

  /** The verification of the case's audit chain when `principal` may see the case (null otherwise); batched per request. */
  async auditFor(principal: Principal, caseId: string): Promise<AuditVerification | null> {
    if (!(await this.findVisible(principal, caseId))) return null;
    const name = `audit-chain:${this.copyOptions.lockName}`;
    return requestLoader<string, AuditVerification>(principal, name, (ids) => this.auditLog.verifyMany(this.dataSource.manager, ids)).load(
      caseId,
    );
  }

  /** Re-computes the case's audit chain in this service's database. */
  verifyAudit(caseId: string): Promise<AuditVerification> {
    return this.auditLog.verify(this.dataSource.manager, caseId);
  }

  /**
   * The case's advisory lock for the transaction of `manager`: its opening from an event,
   * its withdrawal and the facts applied to it take it first, so the later one sees the
   * earlier one's commit and neither is lost between them.
   */
  async serialise(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.copyOptions.lockName}:${caseId}`]);
  }

  /**
   * Opens the copy from an event: inserts `values` under the case's advisory lock unless
   * the copy exists (a redelivered or repeated event opens nothing). Resolves to whether
   * this call opened it.
   */
  async openCopy(manager: EntityManager, values: QueryDeepPartialEntity<T>): Promise<boolean> {
    const caseId = (values as unknown as { caseId: string }).caseId;
    addToLogContext({ caseId });
    await this.serialise(manager, caseId);
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(this.copyOptions.entity)
      .values(values)
      .orIgnore()
      .returning(['caseId'])
      .execute();
    return (inserted.raw as unknown[]).length > 0;
  }

  /** Locks the copy's row in `manager`'s transaction (null when the service never heard of the case), for consumers. */
  lock(manager: EntityManager, caseId: string): Promise<T | null> {
    return manager.findOne(this.copyOptions.entity, { where: this.where(caseId), lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the copy's row for the caller's change; NOT_FOUND when unknown or not the caller's. */
  async lockVisible(manager: EntityManager, principal: Principal, caseId: string): Promise<T> {
    // What the request read before the change is stale after it.
    forgetLoaded(principal);
    const copy = isUUID(caseId) ? await this.lock(manager, caseId) : null;
    if (!copy || !this.mayChange(principal, copy)) throw new NotFoundError('Case', caseId);
    // Every line the request logs from here on is about this case.
    addToLogContext({ caseId });
    return copy;
  }

  /**
   * Locks the copy for the change made in `manager`'s transaction and checks that `action`
   * may happen now. NOT_FOUND when the case is unknown or not the caller's;
   * INVALID_TRANSITION (with currentState and requires) when its state does not allow it.
   */
  async lockFor(manager: EntityManager, principal: Principal, caseId: string, action: A): Promise<{ copy: O; next: S }> {
    const copy = await this.lockVisible(manager, principal, caseId);
    const next = this.copyOptions.machine(copy).next(this.stateOf(copy), action);
    return { copy: this.readyFor(copy, action), next };
  }

  /** Records the state the copy moved to, with any columns that go with it (inside the transaction that holds its lock). */
  async moveTo(manager: EntityManager, copy: T, status: S, changes: Partial<T> = {}): Promise<void> {
    const values = { ...changes, status } as unknown as QueryDeepPartialEntity<T>;
    await manager.update(this.copyOptions.entity, this.where(copy.caseId), values);
    Object.assign(copy, changes, { status });
  }

  /** Writes the withdrawal into the copy's cancellation block (and the state it moved to, when the copy has one). */
  async recordCancellation(manager: EntityManager, copy: T, cancellation: Cancellation, changes: Partial<T> = {}): Promise<void> {
    const block = {
      cancelledAt: cancellation.at,
      cancellationReason: cancellation.reason,
      cancelledById: cancellation.by.id,
      cancelledByRole: cancellation.by.role,
      cancelledWork: cancellation.work,
      ...changes,
    };
    await manager.update(this.copyOptions.entity, this.where(copy.caseId), block as unknown as QueryDeepPartialEntity<T>);
    Object.assign(copy, block);
  }

  /**
   * Fills the case's region and business type where the copy has none yet (copies opened
   * before events carried them). Resolves to whether anything changed: applying the same
   * facts twice changes nothing the second time.
   */
  async fillFacts(manager: EntityManager, caseId: string, facts: { regionCode?: string; businessType?: string }): Promise<boolean> {
    let changed = false;
    for (const [property, value] of Object.entries(facts) as [keyof CaseCopyRow, string | undefined][]) {
      if (!value) continue;
      const result = await manager.update(this.copyOptions.entity, { caseId, [property]: IsNull() }, {
        [property]: value,
      } as unknown as QueryDeepPartialEntity<T>);
      changed = changed || (result.affected ?? 0) > 0;
    }
    return changed;
  }
}
