import { Inject, Injectable } from '@nestjs/common';
import type { CasePayload } from '@yekuo/events';
import { AuditLog, CaseCopyStore, InvalidTransitionError, TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ContractsCase } from './contracts-case.entity';

/** Contracts' copy has no state machine of its own: it is open until the customer withdraws. */
export type ContractsCaseState = 'OPEN' | 'CANCELLED';

/** Contracts' copy of a case (the shared case-copy mechanics): the row lock every decision on it takes, and the withdrawal fact. */
@Injectable()
export class ContractsCaseService extends CaseCopyStore<ContractsCase, ContractsCaseState, never> {
  constructor(
    dataSource: DataSource,
    auditLog: AuditLog,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    super(dataSource, auditLog, {
      entity: ContractsCase,
      lockName: 'contracts-case',
      machine: () => ({ next: (state) => state }),
      stateOf: (c) => (c.cancelledAt ? 'CANCELLED' : 'OPEN'),
    });
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

  /** The audit record of a copy opened from `eventId`: the case's facts as that event gave them, with what the opening adds. */
  async auditOpened(work: Work, eventId: string, data: CasePayload, extra: Record<string, unknown>): Promise<void> {
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'contracts.case.opened',
      data: {
        eventId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        ...extra,
      },
    });
  }
}
