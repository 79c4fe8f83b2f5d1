import { Injectable } from '@nestjs/common';
import { CloudEvent, Work } from '@yekuo/shared';
import { ContractService } from '../contract/contract.service';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { FeesService } from '../fees/fees.service';

/** What applying a confirmation did. */
export type ConfirmationOutcome =
  | { kind: 'drafted'; contractId: string; invoiceId: string }
  /** The case already has a contract from this very scheme version (a republished confirmation). */
  | { kind: 'duplicate' }
  /** The case already has a contract from another scheme version; contract amendments are not supported yet. */
  | { kind: 'not-applied'; contractedScheme: { schemeId: string; version: number } };

/**
 * The customer's confirmation of the supply scheme opens the contract stage: contracts'
 * copy of the case, the draft contract and the fee invoice, all in the consumer's one
 * transaction.
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly contracts: ContractService,
    private readonly fees: FeesService,
  ) {}

  async apply(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<ConfirmationOutcome> {
    const data = event.data;
    const inserted = await work.manager
      .createQueryBuilder()
      .insert()
      .into(ContractsCase)
      .values({
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        schemeId: data.schemeId,
        schemeVersion: data.version,
      })
      .orIgnore()
      .returning(['caseId'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      const existing = await work.manager.findOneByOrFail(ContractsCase, { caseId: data.caseId });
      return existing.schemeId === data.schemeId && existing.schemeVersion === data.version
        ? { kind: 'duplicate' }
        : { kind: 'not-applied', contractedScheme: { schemeId: existing.schemeId, version: existing.schemeVersion } };
    }
    const contractsCase = await work.manager.findOneByOrFail(ContractsCase, { caseId: data.caseId });
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'contracts.case.opened',
      data: {
        eventId: event.id,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        schemeId: data.schemeId,
        schemeVersion: data.version,
      },
    });
    const contract = await this.contracts.draft(work, contractsCase, data);
    const invoice = await this.fees.invoice(work, contractsCase, data, contract.status);
    return { kind: 'drafted', contractId: contract.id, invoiceId: invoice.id };
  }
}
