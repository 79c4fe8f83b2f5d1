import { Inject, Injectable } from '@nestjs/common';
import {
  AuditLog,
  AuditVerification,
  InvalidTransitionError,
  mayActFor,
  NotFoundError,
  Principal,
  TIME_SOURCE,
  TimeSource,
} from '@yekuo/platform';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { ContractsCase } from './contracts-case.entity';

/** The consumer name recorded in the inbox for events applied to contracts cases. */
export const CONTRACTS_CONSUMER = 'contracts';

/** Contracts' copy of a case: who may see it, and the row lock every decision on it takes. */
@Injectable()
export class ContractsCaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The case when it exists and `principal` may see it; null otherwise (existence is never leaked). */
  async findVisible(principal: Principal, caseId: string): Promise<ContractsCase | null> {
    if (!isUUID(caseId)) return null;
    const contractsCase = await this.dataSource.manager.findOneBy(ContractsCase, { caseId });
    return contractsCase && mayActFor(principal, contractsCase.customerId) ? contractsCase : null;
  }

  /**
   * Locks the case row (FOR UPDATE) for a change made in `manager`'s transaction, so
   * concurrent signatures and payments of one case are decided one after the other.
   * NOT_FOUND when contracts does not know the case or the caller may not see it.
   */
  async lock(manager: EntityManager, principal: Principal, caseId: string): Promise<ContractsCase> {
    const contractsCase = await manager.findOne(ContractsCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (!contractsCase || !mayActFor(principal, contractsCase.customerId)) throw new NotFoundError('Case', caseId);
    return contractsCase;
  }

  /** Locks the case row for an event applied in `manager`'s transaction; null when contracts does not know the case. */
  lockForEvent(manager: EntityManager, caseId: string): Promise<ContractsCase | null> {
    return manager.findOne(ContractsCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Refuses `action` on a case the customer withdrew: INVALID_TRANSITION with
   * currentState CANCELLED and the states the action requires.
   */
  refuseWhenCancelled(contractsCase: ContractsCase, action: string, requires: readonly string[]): void {
    if (contractsCase.cancelledAt) throw new InvalidTransitionError(action, 'CANCELLED', [...requires]);
  }

  /** Marks the case row changed (inside the transaction that holds its lock). */
  async touch(manager: EntityManager, caseId: string): Promise<void> {
    await manager.update(ContractsCase, { caseId }, { updatedAt: this.time.now() });
  }

  /** Re-computes the case's audit chain in this service's database. */
  verifyAudit(caseId: string): Promise<AuditVerification> {
    return this.auditLog.verify(this.dataSource.manager, caseId);
  }
}
