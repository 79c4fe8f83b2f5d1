import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Actor, casePayloadOf } from '@yekuo/events';
import { actorOf, ConflictError, ForbiddenError, loadAllBy, Principal, UnitOfWork, ValidationFailedError, Work } from '@yekuo/platform';
import { StageClock } from '@yekuo/timelimits';
import { DataSource, EntityManager } from 'typeorm';
import { checklistErrors, completionChecklist } from '../checklist/document-checklists';
import { trimmed } from '../common/input-rules';
import { endCustomerWait, startCustomerWait } from '../customer-time/customer-wait';
import { InspectionCase } from '../inspection-case/inspection-case.entity';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { inspectionStateMachine } from '../inspection-case/inspection-case.state-machine';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { inspectionNextActions } from '../inspection-case/next-action.policy';
import { InspectionClocks } from '../time-limits/inspection-clocks';
import { AcceptanceRound } from './acceptance-round.entity';
import { countersignErrors, CountersignInput, RequestCompletionAcceptanceInput } from './acceptance.inputs';
import {
  AcceptanceCountersigns,
  acceptanceCountersignsOf,
  CompletionAcceptanceRoundView,
  CompletionAcceptanceView,
  completionAcceptanceViewOf,
  RoundCountersigns,
  roundCountersignsOf,
} from './completion-acceptance.model';
import { AcceptanceOutcome, countersignDepartments, decideAcceptance, reinspectionDepartments } from './countersign-policy';
import { Countersignature } from './countersignature.entity';

/**
 * Completion acceptance (竣工验收) by countersign (会签): every department of the
 * category's set signs the first round once; the last signature decides the round. A
 * failed round issues one rectification notice; the re-inspection is signed by the
 * departments that failed only.
 */
@Injectable()
export class AcceptanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  async request(principal: Principal, input: RequestCompletionAcceptanceInput): Promise<void> {
    const documents = input.documents.map((d) => ({ item: d.item.trim(), documentId: d.documentId.trim() }));
    await this.unitOfWork.run(async (work) => {
      const { copy: inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'requestCompletionAcceptance');
      const actor = actorOf(principal, INSPECTION_ROLES.requestCompletionAcceptance);
      const errors = checklistErrors(completionChecklist(inspectionCase.category), documents);
      if (errors.length > 0) throw new ValidationFailedError(errors);
      const previous = await this.latest(work.manager, inspectionCase.caseId);
      const required = previous ? await this.reinspectors(work.manager, previous) : [...countersignDepartments(inspectionCase.category)];
      if (required.length === 0) {
        // Policy data out of step with the process variant, or a failed round without a failing department: not the caller's error.
        throw new Error(`No departments to countersign acceptance round ${(previous?.round ?? 0) + 1} of ${inspectionCase.caseId}`);
      }
      const requestedAt = this.clocks.now();
      const round = work.manager.create(AcceptanceRound, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: (previous?.round ?? 0) + 1,
        documents,
        requiredDepartments: required,
        requestedBy: principal.sub,
        requestedAt,
        result: null,
        decidedAt: null,
      });
      await work.manager.insert(AcceptanceRound, round);
      await endCustomerWait(work.manager, inspectionCase.caseId, 'COMPLETION_ACCEPTANCE', principal.sub, requestedAt);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.publish('inspection.acceptance.requested.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).acceptanceRequested(required)),
        round: round.round,
      });
      // The checklist refused an incomplete request above: the round's clock starts with complete documents.
      await this.clocks.start(work, inspectionCase, { stage: 'COMPLETION_ACCEPTANCE', round: round.round }, requestedAt, actor);
    });
  }

  /**
   * Records one department's signature and, when it is the round's last, decides the
   * round. Everything happens under the case row lock, so of two signatures arriving
   * at the same instant the second sees the first and exactly one decides.
   */
  async countersign(principal: Principal, input: CountersignInput): Promise<void> {
    const department = principal.department;
    if (!department) throw new ForbiddenError('Countersigning requires a department claim in your token');
    const errors = countersignErrors(input);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const items = trimmed(input.items);

    await this.unitOfWork.run(async (work) => {
      const { copy: inspectionCase } = await this.cases.lockFor(work.manager, principal, input.caseId, 'countersign');
      const actor = actorOf(principal, INSPECTION_ROLES.countersign);
      const round = await this.latest(work.manager, inspectionCase.caseId);
      if (!round || round.result !== null) {
        throw new ConflictError(`Case ${input.caseId} has no completion acceptance round awaiting countersignatures`);
      }
      if (!round.requiredDepartments.includes(department)) {
        throw new ForbiddenError(
          `The ${department} department does not countersign acceptance round ${round.round} (a PASS of an earlier round carries over); required: ${round.requiredDepartments.join(', ')}`,
        );
      }
      const signatures = await work.manager.find(Countersignature, {
        where: { caseId: inspectionCase.caseId, round: round.round },
        order: { signedAt: 'ASC' },
      });
      if (signatures.some((s) => s.department === department)) {
        throw new ConflictError(`The ${department} department has already countersigned acceptance round ${round.round}`);
      }
      const signature = work.manager.create(Countersignature, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: round.round,
        department,
        result: input.result,
        items,
        signedBy: principal.sub,
        signedAt: this.clocks.now(),
      });
      await work.manager.insert(Countersignature, signature);

      const outcome = decideAcceptance(round.requiredDepartments, [...signatures, signature]);
      await work.publish('inspection.acceptance.countersigned.v1', {
        ...casePayloadOf(
          inspectionCase,
          actor,
          outcome.decided ? undefined : inspectionNextActions(inspectionCase.regionCode).countersignPending(outcome.pending),
        ),
        round: round.round,
        department,
        result: input.result,
        items,
      });
      if (outcome.decided) await this.decide(work, inspectionCase, round, outcome, actor);
    });
  }

  /**
   * The acceptance of a case as its rounds show it; what other tables hold (the countersignatures, the
   * clocks) is read by the fields that show it, only when asked.
   */
  async acceptanceOf(inspectionCase: InspectionCase, principal?: Principal): Promise<CompletionAcceptanceView> {
    const { caseId, category } = inspectionCase;
    const rounds = await this.cases.loadStage(principal, AcceptanceRound, caseId);
    return completionAcceptanceViewOf(
      caseId,
      countersignDepartments(category),
      completionChecklist(category),
      rounds,
      inspectionCase.status === 'CANCELLED',
    );
  }

  /** What the countersignatures of every round decide of the acceptance (its notice, passed and pending departments, current signatures). */
  async countersignsOf(acceptance: CompletionAcceptanceView, principal?: Principal): Promise<AcceptanceCountersigns> {
    return acceptanceCountersignsOf(acceptance, await this.signaturesOf(acceptance.caseId, principal), acceptance.cancelled);
  }

  /** What the round's countersignatures decide of it (its signatures, pending departments and rectification items). */
  async countersignsOfRound(round: CompletionAcceptanceRoundView, principal?: Principal): Promise<RoundCountersigns> {
    return roundCountersignsOf(round, await this.signaturesOf(round.caseId, principal));
  }

  /** The clock of a round of the case's acceptance; null for round 0 (no request yet) and a round without one. */
  async clockOf(caseId: string, round: number, principal?: Principal): Promise<StageClock | null> {
    if (round === 0) return null;
    return this.clocks.ofRound({ caseId, stage: 'COMPLETION_ACCEPTANCE', round }, principal);
  }

  /** Every countersignature of the case, read once per request with those of every case asked in the same turn. */
  private signaturesOf(caseId: string, principal?: Principal): Promise<Countersignature[]> {
    return loadAllBy(principal, this.dataSource.manager, Countersignature, 'caseId', caseId);
  }

  private async decide(
    work: Work,
    inspectionCase: InspectionCase,
    round: AcceptanceRound,
    outcome: Extract<AcceptanceOutcome, { decided: true }>,
    actor: Actor,
  ): Promise<void> {
    const manager = work.manager;
    const action = outcome.result === 'PASSED' ? 'passCompletionAcceptance' : 'failCompletionAcceptance';
    const next = inspectionStateMachine(inspectionCase.category, inspectionCase.processVariant).next(inspectionCase.status, action);
    const decidedAt = this.clocks.now();
    await manager.update(AcceptanceRound, { id: round.id }, { result: outcome.result, decidedAt });
    await this.cases.moveTo(manager, inspectionCase, next);
    if (outcome.result === 'PASSED') {
      await work.publish('inspection.acceptance.passed.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).acceptancePassed()),
        round: round.round,
      });
    } else {
      // The one rectification notice hands the case to the customer: their time until the next request.
      await startCustomerWait(manager, {
        caseId: inspectionCase.caseId,
        stage: 'COMPLETION_ACCEPTANCE',
        round: round.round,
        reason: `Completion acceptance round ${round.round} failed: ${outcome.items.length} item(s) to rectify`,
        at: decidedAt,
      });
      await work.publish('inspection.acceptance.failed.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).acceptanceFailed()),
        round: round.round,
        items: outcome.items,
      });
    }
    // Passed, or the one rectification notice issued: the round's clock stops; a re-request starts the next round's.
    await this.clocks.stop(work, { caseId: inspectionCase.caseId, stage: 'COMPLETION_ACCEPTANCE', round: round.round }, decidedAt, actor);
  }

  /** The departments that failed `round` (they alone re-inspect). */
  private async reinspectors(manager: EntityManager, round: AcceptanceRound): Promise<string[]> {
    const signatures = await manager.find(Countersignature, { where: { caseId: round.caseId, round: round.round } });
    return reinspectionDepartments(round.requiredDepartments, signatures);
  }

  private async latest(manager: EntityManager, caseId: string): Promise<AcceptanceRound | null> {
    const [latest] = await manager.find(AcceptanceRound, { where: { caseId }, order: { round: 'DESC' }, take: 1 });
    return latest ?? null;
  }
}
