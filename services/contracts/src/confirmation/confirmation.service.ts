import { Injectable } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { Work } from '@yekuo/platform';
import { teamFor } from '@yekuo/policy';
import { ClockService } from '@yekuo/timelimits';
import { ContractService } from '../contract/contract.service';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { FeesService } from '../fees/fees.service';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { CONTRACT_DRAFTING_CLOCK, INVOICING_CLOCK } from '../contracts-case/clocks';

/** What applying a confirmation did. */
export type ConfirmationOutcome =
  | { kind: 'drafted'; contractId: string; invoiceId: string }
  /** A later scheme version before full signature: the current version was superseded by the next. */
  | { kind: 'superseded'; contractId: string; version: number }
  /** A later scheme version after full signature: the signed contract stays; the conflict is recorded for staff. */
  | { kind: 'conflict-recorded'; contractId: string }
  /** The case already has a contract from this very scheme version (a republished confirmation). */
  | { kind: 'duplicate' }
  /** An earlier scheme version than the one contracted, arriving late: it changes nothing. */
  | { kind: 'stale'; contractedVersion: number }
  /** The customer withdrew: nothing is drafted any more. */
  | { kind: 'cancelled' };

/**
 * The customer's confirmation of the supply scheme opens the contract stage:
 * contracts' copy of the case, the draft contract and the fee invoice, all in the
 * consumer's one transaction. A later scheme version is decided from the recorded
 * facts under the case row lock, so redelivered and reordered confirmations cannot
 * corrupt the contract.
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly contracts: ContractService,
    private readonly fees: FeesService,
    private readonly cases: ContractsCaseService,
    private readonly clocks: ClockService,
  ) {}

  async apply(work: Work, event: CloudEvent<'planning.scheme.confirmed.v1'>): Promise<ConfirmationOutcome> {
    const data = event.data;
    const opened = await this.cases.openCopy(work.manager, {
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      customerId: data.customerId,
      category: data.category,
      policyVersion: data.policyVersion,
      regionCode: data.regionCode ?? null,
      businessType: data.businessType ?? null,
      schemeId: data.schemeId,
      schemeVersion: data.version,
    });
    const contractsCase = await this.cases.lock(work.manager, data.caseId);
    if (!contractsCase) throw new Error(`case ${data.caseId} vanished while applying ${event.id}`);
    if (opened) return this.open(work, event, contractsCase);
    // A copy opened before events carried the case's facts takes them from the next confirmation.
    await this.cases.fillFacts(work.manager, data.caseId, { regionCode: data.regionCode, businessType: data.businessType });

    if (contractsCase.cancelledAt) return { kind: 'cancelled' };
    if (contractsCase.schemeVersion === null) return { kind: 'cancelled' };
    if (contractsCase.schemeId === data.schemeId && contractsCase.schemeVersion === data.version) return { kind: 'duplicate' };
    if (data.version <= contractsCase.schemeVersion) return { kind: 'stale', contractedVersion: contractsCase.schemeVersion };

    const current = await this.contracts.current(work.manager, contractsCase.caseId);
    // The case, its first version and its invoice are written in one transaction.
    if (!current) throw new Error(`case ${data.caseId} has a scheme but no contract`);
    if (current.status === 'FULLY_SIGNED') {
      await this.contracts.recordSchemeConflict(work, contractsCase, current, data, event.id, data.actor);
      return { kind: 'conflict-recorded', contractId: current.id };
    }
    await work.manager.update(ContractsCase, { caseId: contractsCase.caseId }, { schemeId: data.schemeId, schemeVersion: data.version });
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'contracts.scheme.changed',
      data: { eventId: event.id, schemeId: data.schemeId, schemeVersion: data.version, previousSchemeVersion: contractsCase.schemeVersion },
    });
    const next = await this.contracts.supersede(
      work,
      { ...contractsCase, schemeId: data.schemeId, schemeVersion: data.version },
      current,
      data,
      `supply scheme version ${data.version} confirmed`,
    );
    await this.fees.repriceAfterSchemeChange(work, contractsCase, data, next.status);
    return { kind: 'superseded', contractId: next.id, version: next.version };
  }

  /** Opens the contract stage of a case: the audit record, contract version 1 and the invoice. */
  private async open(
    work: Work,
    event: CloudEvent<'planning.scheme.confirmed.v1'>,
    contractsCase: ContractsCase,
  ): Promise<ConfirmationOutcome> {
    const data = event.data;
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
    // Both steps can start once the scheme is confirmed: its terms are what the contract and the fees
    // are made from. Contracts does them as it hears of the confirmation; the clocks measure from the
    // confirmation, so a late delivery or an outage shows (DOMAIN.md, time limits).
    const confirmedAt = new Date(event.time);
    const team = teamFor('contract-officer', contractsCase.regionCode ?? '')?.id;
    const actor = CONTRACTS_SYSTEM_ACTOR;
    for (const stage of [CONTRACT_DRAFTING_CLOCK, INVOICING_CLOCK]) {
      await this.clocks.start(work, { caseCopy: contractsCase, stage, startedAt: confirmedAt, team, actor });
    }
    const contract = await this.contracts.draft(work, contractsCase, data);
    await this.clocks.stop(work, { caseId: contractsCase.caseId, stage: CONTRACT_DRAFTING_CLOCK, at: contract.draftedAt, actor });
    const invoice = await this.fees.invoice(work, contractsCase, data, contract.status);
    await this.clocks.stop(work, { caseId: contractsCase.caseId, stage: INVOICING_CLOCK, at: invoice.invoicedAt, actor });
    return { kind: 'drafted', contractId: contract.id, invoiceId: invoice.id };
  }
}
