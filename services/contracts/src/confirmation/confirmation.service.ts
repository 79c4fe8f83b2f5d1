import { Injectable } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { Work } from '@yekuo/platform';
import { teamFor, variantOf } from '@yekuo/policy';
import { ClockService } from '@yekuo/timelimits';
import { ContractService, schemeBasis } from '../contract/contract.service';
import { SupplyContractEntity } from '../contract/supply-contract.entity';
import { ContractsCase } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';
import { FeesService } from '../fees/fees.service';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { CONTRACT_DRAFTING_CLOCK, INVOICING_CLOCK } from '../contracts-case/clocks';

type Confirmed = CloudEvent<'planning.scheme.confirmed.v1'>;

/** What applying a confirmation did. */
export type ConfirmationOutcome =
  /** The copy opened: the contract drafted and the fees invoiced (none when the case's variant charges none). */
  | { kind: 'drafted'; contractId: string; invoiceId: string | null }
  /** A later scheme version before full signature (or with new terms a contract must carry): the current version was superseded by the next. */
  | { kind: 'superseded'; contractId: string; version: number }
  /** 三零: the scheme keeps the terms the contract carries; only the scheme is recorded. */
  | { kind: 'scheme-recorded'; termsVersion: number | null }
  /** The case left 三零: its contract superseded by a regular one from the scheme, and the fees invoiced. */
  | { kind: 'left-three-zero'; contractId: string; version: number; invoiceId: string }
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
 * consumer's one transaction. Under 三零 the copy and the contract came with the
 * acceptance; the confirmation decides whether the contract must carry the scheme's terms.
 * A later scheme version is decided from the recorded facts under the case row lock, so
 * redelivered and reordered confirmations cannot corrupt the contract.
 */
@Injectable()
export class ConfirmationService {
  constructor(
    private readonly contracts: ContractService,
    private readonly fees: FeesService,
    private readonly cases: ContractsCaseService,
    private readonly clocks: ClockService,
  ) {}

  async apply(work: Work, event: Confirmed): Promise<ConfirmationOutcome> {
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
      processVariant: data.processVariant ?? null,
    });
    const contractsCase = await this.cases.lock(work.manager, data.caseId);
    if (!contractsCase) throw new Error(`case ${data.caseId} vanished while applying ${event.id}`);
    if (opened) return this.open(work, event, contractsCase);
    // A copy opened before events carried the case's facts takes them from the next confirmation.
    await this.cases.fillFacts(work.manager, data.caseId, { regionCode: data.regionCode, businessType: data.businessType });

    if (contractsCase.cancelledAt) return { kind: 'cancelled' };
    if (contractsCase.schemeId === data.schemeId && contractsCase.schemeVersion === data.version) return { kind: 'duplicate' };
    if (contractsCase.schemeVersion !== null && data.version <= contractsCase.schemeVersion) {
      return { kind: 'stale', contractedVersion: contractsCase.schemeVersion };
    }

    const current = await this.contracts.current(work.manager, contractsCase.caseId);
    // The copy and its first version (and invoice) are written in one transaction.
    if (!current) throw new Error(`case ${data.caseId} has a copy but no contract`);
    // A copy opened at acceptance (三零) is the only live copy without a scheme.
    if (contractsCase.processVariant === 'THREE_ZERO') return this.applyToThreeZero(work, event, contractsCase, current);
    if (contractsCase.schemeVersion === null) throw new Error(`case ${data.caseId} walks no 三零 yet has a contract without a scheme`);

    if (current.status === 'FULLY_SIGNED' && !needsNewTerms(current, data.contractTermsVersion)) {
      await this.contracts.recordSchemeConflict(work, contractsCase, current, data, event.id, data.actor);
      return { kind: 'conflict-recorded', contractId: current.id };
    }
    const changed = await this.recordScheme(work, event, contractsCase, 'contracts.scheme.changed');
    // A case that walked 三零 signs the scheme's new terms again, whatever it signed before (metering waits for them).
    const next = await this.contracts.supersede(
      work,
      changed,
      current,
      schemeBasis(data),
      `supply scheme version ${data.version} confirmed`,
      CONTRACTS_SYSTEM_ACTOR,
      current.status === 'FULLY_SIGNED' ? 'replaceTerms' : 'supersede',
    );
    await this.fees.repriceAfterSchemeChange(work, contractsCase, data, next.status);
    return { kind: 'superseded', contractId: next.id, version: next.version };
  }

  /**
   * A later scheme of a case whose contract was drafted under 三零. Still 三零: when the scheme
   * changes the terms the contract must carry (a contract terms version above the current
   * version's), the contract is drafted again from the scheme, to be signed again even if it
   * was fully signed; otherwise only the scheme is recorded. Left 三零: the contract is
   * superseded by a regular one from the scheme and the fees are invoiced, as for any case.
   */
  private async applyToThreeZero(
    work: Work,
    event: Confirmed,
    contractsCase: ContractsCase,
    current: SupplyContractEntity,
  ): Promise<ConfirmationOutcome> {
    const data = event.data;
    if (data.processVariant !== 'THREE_ZERO') return this.leaveThreeZero(work, event, contractsCase, current);
    if (!needsNewTerms(current, data.contractTermsVersion)) {
      await this.recordScheme(work, event, contractsCase, 'contracts.scheme.recorded');
      return { kind: 'scheme-recorded', termsVersion: current.termsVersion };
    }
    const changed = await this.recordScheme(work, event, contractsCase, 'contracts.scheme.changed');
    const next = await this.contracts.supersede(
      work,
      changed,
      current,
      schemeBasis(data),
      `supply scheme version ${data.version} changes the terms of the contract`,
      CONTRACTS_SYSTEM_ACTOR,
      'replaceTerms',
    );
    return { kind: 'superseded', contractId: next.id, version: next.version };
  }

  /**
   * The case left 三零 (its scheme no longer qualifies): the copy walks the pre-reform process
   * from here on, the 三零 contract gives way to a regular one drafted from the scheme, and the
   * fees 三零 did not charge are invoiced, timed from the confirmation.
   */
  private async leaveThreeZero(
    work: Work,
    event: Confirmed,
    contractsCase: ContractsCase,
    current: SupplyContractEntity,
  ): Promise<ConfirmationOutcome> {
    const data = event.data;
    const processVariant = data.processVariant ?? 'PRE_REFORM';
    await work.manager.update(ContractsCase, { caseId: contractsCase.caseId }, { processVariant });
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'contracts.variant.changed',
      data: { eventId: event.id, from: contractsCase.processVariant, to: processVariant, schemeVersion: data.version },
    });
    const changed = await this.recordScheme(work, event, { ...contractsCase, processVariant }, 'contracts.scheme.changed');
    const actor = CONTRACTS_SYSTEM_ACTOR;
    await this.clocks.start(work, {
      caseCopy: changed,
      stage: INVOICING_CLOCK,
      startedAt: new Date(event.time),
      team: teamFor('contract-officer', changed.regionCode ?? '')?.id,
      actor,
    });
    const next = await this.contracts.supersede(
      work,
      changed,
      current,
      schemeBasis(data),
      `the case left 三零: supply scheme version ${data.version} confirmed`,
      actor,
      'replaceTerms',
    );
    const invoice = await this.fees.invoice(work, changed, data, next.status);
    await this.clocks.stop(work, { caseId: changed.caseId, stage: INVOICING_CLOCK, at: invoice.invoicedAt, actor });
    return { kind: 'left-three-zero', contractId: next.id, version: next.version, invoiceId: invoice.id };
  }

  /** Records the confirmed scheme on the copy, audited as `action`; resolves to the copy as it is now. */
  private async recordScheme(
    work: Work,
    event: Confirmed,
    contractsCase: ContractsCase,
    action: 'contracts.scheme.changed' | 'contracts.scheme.recorded',
  ): Promise<ContractsCase> {
    const data = event.data;
    await work.manager.update(ContractsCase, { caseId: contractsCase.caseId }, { schemeId: data.schemeId, schemeVersion: data.version });
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action,
      data: {
        eventId: event.id,
        schemeId: data.schemeId,
        schemeVersion: data.version,
        previousSchemeVersion: contractsCase.schemeVersion,
        ...(data.contractTermsVersion === undefined ? {} : { contractTermsVersion: data.contractTermsVersion }),
      },
    });
    return { ...contractsCase, schemeId: data.schemeId, schemeVersion: data.version };
  }

  /** Opens the contract stage of a case: the audit record, contract version 1 and the invoice (when the case's variant charges fees). */
  private async open(work: Work, event: Confirmed, contractsCase: ContractsCase): Promise<ConfirmationOutcome> {
    const data = event.data;
    await this.cases.auditOpened(work, event.id, data, {
      schemeId: data.schemeId,
      schemeVersion: data.version,
      ...(data.processVariant ? { processVariant: data.processVariant } : {}),
    });
    const { invoicesFees } = variantOf(contractsCase.category, contractsCase.processVariant);
    // Both steps can start once the scheme is confirmed: its terms are what the contract and the fees
    // are made from. Contracts does them as it hears of the confirmation; the clocks measure from the
    // confirmation, so a late delivery or an outage shows (DOMAIN.md, time limits).
    const confirmedAt = new Date(event.time);
    const team = teamFor('contract-officer', contractsCase.regionCode ?? '')?.id;
    const actor = CONTRACTS_SYSTEM_ACTOR;
    for (const stage of invoicesFees ? [CONTRACT_DRAFTING_CLOCK, INVOICING_CLOCK] : [CONTRACT_DRAFTING_CLOCK]) {
      await this.clocks.start(work, { caseCopy: contractsCase, stage, startedAt: confirmedAt, team, actor });
    }
    const contract = await this.contracts.draft(work, contractsCase, schemeBasis(data));
    await this.clocks.stop(work, { caseId: contractsCase.caseId, stage: CONTRACT_DRAFTING_CLOCK, at: contract.draftedAt, actor });
    // 三零 charges no fees (零投资): a case confirmed under 三零 before contracts heard of its acceptance is not invoiced.
    if (!invoicesFees) return { kind: 'drafted', contractId: contract.id, invoiceId: null };
    const invoice = await this.fees.invoice(work, contractsCase, data, contract.status);
    await this.clocks.stop(work, { caseId: contractsCase.caseId, stage: INVOICING_CLOCK, at: invoice.invoicedAt, actor });
    return { kind: 'drafted', contractId: contract.id, invoiceId: invoice.id };
  }
}

/**
 * Whether a confirmation names terms the current version does not carry: a contract terms version
 * (cases that walk or walked 三零) above the version's own. Absent on cases that never walked 三零.
 */
function needsNewTerms(current: SupplyContractEntity, contractTermsVersion: number | undefined): boolean {
  return contractTermsVersion !== undefined && contractTermsVersion > (current.termsVersion ?? 0);
}
