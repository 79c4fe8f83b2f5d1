import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { ROLES } from '@yekuo/events';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { StageClock } from '@yekuo/timelimits';
import { Case } from '../planning-case/case.type';
import { ExternalWorksOrder } from './external-works-order.entity';
import {
  ApplyWorksPermitInput,
  CompleteExternalWorksInput,
  GrantWorksPermitInput,
  RecordWorksProgressInput,
  RefuseWorksPermitInput,
} from './external-works.inputs';
import { ExternalWorksModel, WorksPermitModel, WorksProgressModel } from './external-works.model';
import { EXTERNAL_WORKS_ROLES, ExternalWorksService } from './external-works.service';
import { WorksPermit } from './works-permit.entity';
import { WorksProgress } from './works-progress.entity';

/** `Case.externalWorks` and the mutations of the works order. */
@Resolver(() => Case)
export class ExternalWorksCaseResolver {
  constructor(private readonly works: ExternalWorksService) {}

  @ResolveField(() => ExternalWorksModel, {
    nullable: true,
    description:
      "The utility's external works (配套工程) the confirmed supply scheme needs, with permits, progress, completion and clock; null when the scheme needs none, before it is confirmed, or when you may not see the case",
  })
  @Roles(...ROLES)
  externalWorks(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<ExternalWorksOrder | null> {
    return this.works.orderVisible(principal, parent.id);
  }

  @Mutation(() => Case, {
    description:
      'Apply for a permit the external works need (planner of the case region); CONFLICT while a permit of that kind is pending or granted',
  })
  @Roles(...EXTERNAL_WORKS_ROLES.applyPermit)
  async applyWorksPermit(@Args('input') input: ApplyWorksPermitInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.works.applyPermit(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, { description: "Record the authority's grant of a pending permit application (planner of the case region)" })
  @Roles(...EXTERNAL_WORKS_ROLES.decidePermit)
  async grantWorksPermit(@Args('input') input: GrantWorksPermitInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.works.grantPermit(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, { description: "Record the authority's refusal of a pending permit application (planner of the case region)" })
  @Roles(...EXTERNAL_WORKS_ROLES.decidePermit)
  async refuseWorksPermit(@Args('input') input: RefuseWorksPermitInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.works.refusePermit(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, { description: 'Record a progress note on the external works (planner of the case region)' })
  @Roles(...EXTERNAL_WORKS_ROLES.recordProgress)
  async recordWorksProgress(@Args('input') input: RecordWorksProgressInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.works.recordProgress(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Complete the external works (planner of the case region): every permit applied for must be granted; stops the EXTERNAL_WORKS clock and lets energization count them done',
  })
  @Roles(...EXTERNAL_WORKS_ROLES.complete)
  async completeExternalWorks(@Args('input') input: CompleteExternalWorksInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.works.complete(principal, input);
    return { id: input.caseId };
  }
}

/** The permits, progress notes and clock of a works order. */
@Resolver(() => ExternalWorksModel)
export class ExternalWorksResolver {
  constructor(private readonly works: ExternalWorksService) {}

  @ResolveField(() => [WorksPermitModel], { description: 'The permit applications, first applied first' })
  @Roles(...ROLES)
  permits(@Parent() order: ExternalWorksOrder, @CurrentPrincipal() principal: Principal): Promise<WorksPermit[]> {
    return this.works.permits(principal, order.id);
  }

  @ResolveField(() => [WorksProgressModel], { description: 'The progress notes, oldest first' })
  @Roles(...ROLES)
  progress(@Parent() order: ExternalWorksOrder, @CurrentPrincipal() principal: Principal): Promise<WorksProgress[]> {
    return this.works.progress(principal, order.id);
  }

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      "The EXTERNAL_WORKS time-limit clock, from the order to the completion; null when the case's category and policy version set no limit for the works",
  })
  @Roles(...ROLES)
  clock(@Parent() order: ExternalWorksOrder): Promise<StageClock | null> {
    return this.works.clock(order.caseId);
  }
}
