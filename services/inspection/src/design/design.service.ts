import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, ConflictError, Principal, UnitOfWork, ValidationFailedError } from '@yekuo/platform';
import { casePayloadOf } from '@yekuo/events';
import { StageClock } from '@yekuo/timelimits';
import { EntityManager } from 'typeorm';
import { checklistErrors, DESIGN_CHECKLIST } from '../checklist/document-checklists';
import { endCustomerWait, startCustomerWait } from '../customer-time/customer-wait';
import type { CustomerTime } from '../customer-time/customer-wait.model';
import type { InspectionCase } from '../inspection-case/inspection-case.entity';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { inspectionNextActions } from '../inspection-case/next-action.policy';
import { InspectionClocks } from '../time-limits/inspection-clocks';
import {
  designCustomerSecondsOf,
  designCustomerTimeOf,
  DesignReviewRoundView,
  DesignReviewView,
  designReviewViewOf,
} from './design-review.model';
import { DesignComment, DesignSubmission } from './design-submission.entity';
import { ReviewDesignInput, reviewDesignErrors, SubmitDesignInput } from './design.inputs';

/**
 * Design review (设计审查): the customer's design unit submits the checklist's documents
 * in rounds; an inspector approves or returns each with itemised comments. The time from
 * a return to the next submission is the customer's.
 */
@Injectable()
export class DesignService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  async submit(principal: Principal, input: SubmitDesignInput): Promise<void> {
    const documents = input.documents.map((d) => ({ item: d.item.trim(), documentId: d.documentId.trim() }));
    const errors = checklistErrors(DESIGN_CHECKLIST, documents);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    await this.unitOfWork.run(async (work) => {
      const { copy: inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'submitDesign');
      const actor = actorOf(principal, INSPECTION_ROLES.submitDesign);
      const previous = await this.latest(work.manager, inspectionCase.caseId);
      const submittedAt = this.clocks.now();
      const submission = work.manager.create(DesignSubmission, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: (previous?.round ?? 0) + 1,
        designUnit: input.designUnit.name.trim(),
        designUnitQualification: input.designUnit.qualificationClass.trim(),
        designUnitCertificate: input.designUnit.certificateNumber.trim(),
        documents,
        submittedBy: principal.sub,
        submittedAt,
        decision: null,
        comments: [],
      });
      await work.manager.insert(DesignSubmission, submission);
      // A resubmission ends the customer's time that the last return started.
      await endCustomerWait(work.manager, inspectionCase.caseId, 'DESIGN_REVIEW', principal.sub, submittedAt);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.publish('inspection.design.submitted.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).designSubmitted(submission.round)),
        round: submission.round,
      });
      // Each round is timed on its own: the customer's time since a return is not on any clock.
      await this.clocks.start(work, inspectionCase, { stage: 'DESIGN_REVIEW', round: submission.round }, submittedAt, actor);
    });
  }

  async review(principal: Principal, input: ReviewDesignInput): Promise<void> {
    const errors = reviewDesignErrors(input);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const comments: DesignComment[] = (input.comments ?? []).map((c) => ({ item: c.item.trim(), text: c.text.trim() }));
    await this.unitOfWork.run(async (work) => {
      const action = input.approve ? 'approveDesign' : 'returnDesign';
      const { copy: inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, action);
      const actor = actorOf(principal, INSPECTION_ROLES.reviewDesign);
      const submission = await this.latest(work.manager, inspectionCase.caseId);
      if (!submission || submission.decision !== null) {
        // The case state says a round awaits review; if not, the data is inconsistent: refuse rather than guess.
        throw new ConflictError(`Case ${input.caseId} has no design submission awaiting review`);
      }
      const reviewedAt = this.clocks.now();
      const decision = {
        decision: input.approve ? ('APPROVED' as const) : ('RETURNED' as const),
        comments,
        reviewedBy: principal.sub,
        reviewedAt,
      };
      await work.manager.update(DesignSubmission, { id: submission.id }, decision);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      if (input.approve) {
        await work.publish('inspection.design.approved.v1', {
          ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).designApproved()),
          round: submission.round,
        });
      } else {
        await startCustomerWait(work.manager, {
          caseId: inspectionCase.caseId,
          stage: 'DESIGN_REVIEW',
          round: submission.round,
          reason: `Design round ${submission.round} returned with ${comments.length} comment(s)`,
          at: reviewedAt,
        });
        await work.publish('inspection.design.returned.v1', {
          ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).designReturned(submission.round)),
          round: submission.round,
          comments: comments.map((c) => `${c.item}: ${c.text}`),
        });
      }
      // Approved or returned, the round's review is done: its clock stops (a return hands the time to the customer).
      await this.clocks.stop(work, { caseId: inspectionCase.caseId, stage: 'DESIGN_REVIEW', round: submission.round }, reviewedAt, actor);
    });
  }

  /**
   * The review of a case as its rounds show it; what other tables hold (the customer's time, the clocks)
   * is read by the fields that show it, only when asked.
   */
  async reviewOf(inspectionCase: InspectionCase, principal?: Principal): Promise<DesignReviewView> {
    const { caseId } = inspectionCase;
    const submissions = await this.cases.loadStage(principal, DesignSubmission, caseId);
    return designReviewViewOf(caseId, submissions, inspectionCase.status === 'CANCELLED');
  }

  /** After a return of the round: the customer's time until the next submission. */
  async customerTimeOf(round: DesignReviewRoundView, principal?: Principal): Promise<CustomerTime | null> {
    return designCustomerTimeOf(await this.cases.customerWaits(principal, round.caseId), round.round);
  }

  /** The customer's time of every round of the review, in seconds (finished waits only). */
  async customerSecondsOf(review: DesignReviewView, principal?: Principal): Promise<number> {
    if (review.rounds.length === 0) return 0;
    return designCustomerSecondsOf(await this.cases.customerWaits(principal, review.caseId), review.rounds);
  }

  /** The clock of a round of the case's design review; null for round 0 (no submission yet) and a round without one. */
  async clockOf(caseId: string, round: number, principal?: Principal): Promise<StageClock | null> {
    if (round === 0) return null;
    return this.clocks.ofRound({ caseId, stage: 'DESIGN_REVIEW', round }, principal);
  }

  private async latest(manager: EntityManager, caseId: string): Promise<DesignSubmission | null> {
    const [latest] = await manager.find(DesignSubmission, { where: { caseId }, order: { round: 'DESC' }, take: 1 });
    return latest ?? null;
  }
}
