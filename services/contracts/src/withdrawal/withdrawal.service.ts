import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf, CloudEvent } from '@yekuo/events';
import { TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { CANCELLED_WORK, ContractService } from '../contract/contract.service';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { FeesService } from '../fees/fees.service';
import { Fen, formatYuan } from '../fees/money';

/** What applying a withdrawal did. */
export type WithdrawalOutcome =
  | { kind: 'cancelled'; cancelledWork: string[]; refundDue: Fen }
  /** The case was cancelled already (the withdrawal was published again under a new id). */
  | { kind: 'already-cancelled' };

/**
 * The customer's withdrawal (`intake.application.withdrawn.v1`) closes contracts'
 * open work on the case: the contract not yet fully signed and the invoice not yet
 * settled; what was paid is recorded as the refund due. The cancelled fact on the
 * case copy (created from the event when contracts never heard of the case) makes
 * every later confirmation and mutation a no-op or a refusal, and
 * `contracts.case.cancelled.v1` is published exactly once.
 */
@Injectable()
export class WithdrawalService {
  constructor(
    private readonly cases: ContractsCaseService,
    private readonly contracts: ContractService,
    private readonly fees: FeesService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async apply(work: Work, event: CloudEvent<'intake.application.withdrawn.v1'>): Promise<WithdrawalOutcome> {
    const data = event.data;
    await work.manager
      .createQueryBuilder()
      .insert()
      .into(ContractsCase)
      .values({
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        schemeId: null,
        schemeVersion: null,
      })
      .orIgnore()
      .execute();
    const contractsCase = await this.cases.lockForEvent(work.manager, data.caseId);
    if (!contractsCase) throw new Error(`case ${data.caseId} vanished while applying ${event.id}`);
    if (contractsCase.cancelledAt) return { kind: 'already-cancelled' };

    const cancelledWork: string[] = [];
    if (await this.contracts.cancelOpen(work, contractsCase.caseId)) cancelledWork.push(CANCELLED_WORK.contract);
    const { closedInvoice, refundDue } = await this.fees.cancelOpen(work, contractsCase.caseId, data.reason);
    if (closedInvoice) cancelledWork.push(CANCELLED_WORK.invoice);

    const cancelledAt = this.time.now();
    await work.manager.update(
      ContractsCase,
      { caseId: contractsCase.caseId },
      {
        cancelledAt,
        cancelReason: data.reason,
        cancelledById: data.actor.id,
        cancelledByRole: data.actor.role,
        cancelledWork,
        updatedAt: cancelledAt,
      },
    );
    await work.publish('contracts.case.cancelled.v1', {
      ...casePayloadOf(contractsCase, data.actor, CONTRACTS_NEXT_ACTIONS.caseCancelled(refundDue)),
      reason: data.reason,
      cancelledWork,
      refundDue: formatYuan(refundDue),
    });
    return { kind: 'cancelled', cancelledWork, refundDue };
  }
}
