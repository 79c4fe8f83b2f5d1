import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf } from '@yekuo/events';
import { EventOutcome, TIME_SOURCE, TimeSource, WithdrawalHook, WithdrawnEvent, Work } from '@yekuo/platform';
import { CANCELLED_WORK, ContractService } from '../contract/contract.service';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { CONTRACTS_NEXT_ACTIONS } from '../contracts-case/next-action.policy';
import { FeesService } from '../fees/fees.service';
import { formatYuan } from '../fees/money';

/**
 * The customer's withdrawal (`intake.application.withdrawn.v1`) closes contracts'
 * open work on the case: the contract not yet fully signed and the invoice not yet
 * settled; what was paid is recorded as the refund due. The cancelled fact on the
 * case copy (created from the event when contracts never heard of the case) makes
 * every later confirmation and mutation a no-op or a refusal, and
 * `contracts.case.cancelled.v1` is published exactly once.
 */
@Injectable()
export class WithdrawalService implements WithdrawalHook<ContractsCase> {
  constructor(
    readonly cases: ContractsCaseService,
    private readonly contracts: ContractService,
    private readonly fees: FeesService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async withdraw(work: Work, event: WithdrawnEvent, existing: ContractsCase | null): Promise<EventOutcome> {
    const data = event.data;
    let contractsCase = existing;
    if (!contractsCase) {
      await this.cases.openCopy(work.manager, {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        regionCode: data.regionCode ?? null,
        businessType: data.businessType ?? null,
        schemeId: null,
        schemeVersion: null,
      });
      contractsCase = await this.cases.lock(work.manager, data.caseId);
      if (!contractsCase) throw new Error(`case ${data.caseId} vanished while applying ${event.id}`);
    }

    const cancelledWork: string[] = [];
    if (await this.contracts.cancelOpen(work, contractsCase.caseId)) cancelledWork.push(CANCELLED_WORK.contract);
    const { closedInvoice, refundDue } = await this.fees.cancelOpen(work, contractsCase.caseId, data.reason);
    if (closedInvoice) cancelledWork.push(CANCELLED_WORK.invoice);

    const cancelledAt = this.time.now();
    await this.cases.recordCancellation(
      work.manager,
      contractsCase,
      { at: cancelledAt, reason: data.reason, by: data.actor, work: cancelledWork },
      { updatedAt: cancelledAt },
    );
    await work.publish('contracts.case.cancelled.v1', {
      ...casePayloadOf(contractsCase, data.actor, CONTRACTS_NEXT_ACTIONS.caseCancelled(refundDue)),
      reason: data.reason,
      cancelledWork,
      refundDue: formatYuan(refundDue),
    });
    return `cancelled case ${data.caseNumber} (closed: ${cancelledWork.join(', ') || 'nothing open'}; refund due ${formatYuan(refundDue)} CNY)`;
  }
}
