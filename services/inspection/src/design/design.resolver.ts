import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { walksStage } from '@yekuo/policy';
import { StageClock } from '@yekuo/timelimits';
import type { CustomerTime } from '../customer-time/customer-wait.model';
import { Case } from '../inspection-case/case.type';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { DesignReview, DesignReviewRound, DesignReviewRoundView, DesignReviewView } from './design-review.model';
import { ReviewDesignInput, SubmitDesignInput } from './design.inputs';
import { DesignService } from './design.service';

/** `Case.designReview` and the design review mutations. */
@Resolver(() => Case)
export class DesignResolver {
  constructor(
    private readonly designs: DesignService,
    private readonly cases: InspectionCaseService,
  ) {}

  @ResolveField(() => DesignReview, {
    nullable: true,
    description:
      "Design review: every round with its documents, decision and itemised comments, the checklist and the customer time; null when the case's process variant has no design review, inspection has not opened the case, or you may not see it",
  })
  @Roles(...ROLES)
  async designReview(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<DesignReviewView | null> {
    const found = await this.cases.findVisible(principal, parent.id);
    if (!found || !walksStage(found.category, 'DESIGN_REVIEW', found.processVariant)) return null;
    return this.designs.reviewOf(found, principal);
  }

  @Mutation(() => Case, {
    description:
      'Submit the design documents of every checklist slot with the design unit and its qualification; after a return this opens the next round and ends the customer time (the customer, or an agent acting for them)',
  })
  @Roles(...INSPECTION_ROLES.submitDesign)
  async submitDesign(@Args('input') input: SubmitDesignInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.designs.submit(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, { description: 'Approve the submitted design, or return it with itemised comments the customer sees (inspector)' })
  @Roles(...INSPECTION_ROLES.reviewDesign)
  async reviewDesign(@Args('input') input: ReviewDesignInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.designs.review(principal, input);
    return { id: input.caseId };
  }
}

/**
 * The fields of `DesignReview` that read beyond its rounds, each only when asked (their types and
 * descriptions are the model's). Open to whoever may read `Case.designReview`, which checked the case.
 */
@Resolver(() => DesignReview)
export class DesignReviewFieldsResolver {
  constructor(private readonly designs: DesignService) {}

  @ResolveField()
  @Roles(...ROLES)
  customerSeconds(@Parent() review: DesignReviewView, @CurrentPrincipal() principal: Principal): Promise<number> {
    return this.designs.customerSecondsOf(review, principal);
  }

  @ResolveField()
  @Roles(...ROLES)
  clock(@Parent() review: DesignReviewView, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return this.designs.clockOf(review.caseId, review.currentRound, principal);
  }
}

/** The fields of `DesignReviewRound` that read beyond its submission, each only when asked. */
@Resolver(() => DesignReviewRound)
export class DesignReviewRoundFieldsResolver {
  constructor(private readonly designs: DesignService) {}

  @ResolveField()
  @Roles(...ROLES)
  customerTime(@Parent() round: DesignReviewRoundView, @CurrentPrincipal() principal: Principal): Promise<CustomerTime | null> {
    return this.designs.customerTimeOf(round, principal);
  }

  @ResolveField()
  @Roles(...ROLES)
  clock(@Parent() round: DesignReviewRoundView, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return this.designs.clockOf(round.caseId, round.round, principal);
  }
}
