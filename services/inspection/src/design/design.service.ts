import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, Principal, UnitOfWork, ValidationFailedError } from '@yekuo/shared';
import { DataSource, EntityManager } from 'typeorm';
import { trimmed } from '../common/input-rules';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { INSPECTION_NEXT_ACTIONS } from '../inspection-case/next-action.policy';
import { DesignReview, designReviewOf } from './design-review.model';
import { DesignSubmission } from './design-submission.entity';
import { ReviewDesignInput, reviewDesignErrors, SubmitDesignInput } from './design.inputs';

/** Design review (设计审查): the customer's design unit submits drawings in rounds; an inspector approves or returns each. */
@Injectable()
export class DesignService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
  ) {}

  async submit(principal: Principal, input: SubmitDesignInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'submitDesign');
      const actor = actorOf(principal, INSPECTION_ROLES.submitDesign);
      const previous = await this.latest(work.manager, inspectionCase.caseId);
      const submission = work.manager.create(DesignSubmission, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: (previous?.round ?? 0) + 1,
        designUnit: input.designUnit.trim(),
        documents: trimmed(input.documents),
        submittedBy: principal.sub,
        submittedAt: new Date(),
        decision: null,
        comments: [],
      });
      await work.manager.insert(DesignSubmission, submission);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.publish('inspection.design.submitted.v1', {
        ...casePayloadOf(inspectionCase, actor, INSPECTION_NEXT_ACTIONS.designSubmitted(submission.round)),
        round: submission.round,
      });
    });
  }

  async review(principal: Principal, input: ReviewDesignInput): Promise<void> {
    const errors = reviewDesignErrors(input);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const comments = trimmed(input.comments);
    await this.unitOfWork.run(async (work) => {
      const action = input.approve ? 'approveDesign' : 'returnDesign';
      const { inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, action);
      const actor = actorOf(principal, INSPECTION_ROLES.reviewDesign);
      const submission = await this.latest(work.manager, inspectionCase.caseId);
      if (!submission || submission.decision !== null) {
        // The case state says a round awaits review; if not, the data is inconsistent: refuse rather than guess.
        throw new ConflictError(`Case ${input.caseId} has no design submission awaiting review`);
      }
      const decision = {
        decision: input.approve ? ('APPROVED' as const) : ('RETURNED' as const),
        comments,
        reviewedBy: principal.sub,
        reviewedAt: new Date(),
      };
      await work.manager.update(DesignSubmission, { id: submission.id }, decision);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      if (input.approve) {
        await work.publish('inspection.design.approved.v1', {
          ...casePayloadOf(inspectionCase, actor, INSPECTION_NEXT_ACTIONS.designApproved()),
          round: submission.round,
        });
      } else {
        await work.publish('inspection.design.returned.v1', {
          ...casePayloadOf(inspectionCase, actor, INSPECTION_NEXT_ACTIONS.designReturned(submission.round)),
          round: submission.round,
          comments,
        });
      }
    });
  }

  /** The review of a case as of its rounds. */
  async reviewOf(caseId: string): Promise<DesignReview> {
    return designReviewOf(await this.dataSource.manager.find(DesignSubmission, { where: { caseId } }));
  }

  private async latest(manager: EntityManager, caseId: string): Promise<DesignSubmission | null> {
    const [latest] = await manager.find(DesignSubmission, { where: { caseId }, order: { round: 'DESC' }, take: 1 });
    return latest ?? null;
  }
}
