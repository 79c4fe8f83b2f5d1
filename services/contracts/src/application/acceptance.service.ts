import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent } from '@yekuo/events';
import { TIME_SOURCE, TimeSource, Work } from '@yekuo/platform';
import { teamFor, variantOf } from '@yekuo/policy';
import { ClockService } from '@yekuo/timelimits';
import { ContractService } from '../contract/contract.service';
import { CONTRACTS_SYSTEM_ACTOR } from '../contracts-case/case-payload';
import { CONTRACT_DRAFTING_CLOCK } from '../contracts-case/clocks';
import { ContractsApplication } from '../contracts-case/contracts-case.entity';
import { ContractsCaseService } from '../contracts-case/contracts-case.service';

type Accepted = CloudEvent<'intake.application.accepted.v1'>;

/** What applying an acceptance did. */
export type AcceptanceOutcome =
  /** The application facts kept; the case's contract waits for its scheme. */
  | { kind: 'recorded' }
  /** 三零: the copy opened and contract version 1 drafted from the application's terms. */
  | { kind: 'drafted'; contractId: string }
  /** 三零, but the copy was open already (a redelivery, or a confirmation or withdrawal heard first): nothing drafted. */
  | { kind: 'already-open' };

/**
 * Intake's acceptance of the application. Contracts keeps the business type (temporary supply is
 * charged its own fee), once per case. A case that walks 三零 signs its contract with the
 * application: contracts opens its copy and drafts version 1 from the application's terms
 * (terms version 0, no fees), in the consumer's one transaction, once per case.
 */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly cases: ContractsCaseService,
    private readonly contracts: ContractService,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async apply(work: Work, event: Accepted): Promise<AcceptanceOutcome> {
    const data = event.data;
    await work.manager
      .createQueryBuilder()
      .insert()
      .into(ContractsApplication)
      .values({ caseId: data.caseId, businessType: data.businessType, eventId: event.id, recordedAt: this.time.now() })
      .orIgnore()
      .execute();
    if (!variantOf(data.category, data.processVariant).contractAtAcceptance) return { kind: 'recorded' };
    const opened = await this.cases.openCopy(work.manager, {
      caseId: data.caseId,
      caseNumber: data.caseNumber,
      customerId: data.customerId,
      category: data.category,
      policyVersion: data.policyVersion,
      regionCode: data.regionCode,
      businessType: data.businessType,
      schemeId: null,
      schemeVersion: null,
      processVariant: data.processVariant ?? null,
    });
    // A copy opened first by the scheme's confirmation has its contract; one opened by a withdrawal wants none.
    if (!opened) return { kind: 'already-open' };
    return { kind: 'drafted', contractId: await this.draftAtAcceptance(work, event) };
  }

  /** The audit record of the opened copy and contract version 1, timed from the acceptance. */
  private async draftAtAcceptance(work: Work, event: Accepted): Promise<string> {
    const data = event.data;
    const contractsCase = await this.cases.lock(work.manager, data.caseId);
    if (!contractsCase) throw new Error(`case ${data.caseId} vanished while applying ${event.id}`);
    await this.cases.auditOpened(work, event.id, data, { processVariant: data.processVariant });
    // The application's terms are all the contract needs: the clock runs from the acceptance (DOMAIN.md, time limits).
    const actor = CONTRACTS_SYSTEM_ACTOR;
    await this.clocks.start(work, {
      caseCopy: contractsCase,
      stage: CONTRACT_DRAFTING_CLOCK,
      startedAt: new Date(data.acceptedAt),
      team: teamFor('contract-officer', contractsCase.regionCode ?? '')?.id,
      actor,
    });
    const { voltageLevel, capacityKva, supplySources } = data;
    const contract = await this.contracts.draft(work, contractsCase, {
      kind: 'application',
      terms: { voltageLevel, capacityKva, supplySources },
    });
    await this.clocks.stop(work, { caseId: contractsCase.caseId, stage: CONTRACT_DRAFTING_CLOCK, at: contract.draftedAt, actor });
    return contract.id;
  }
}
