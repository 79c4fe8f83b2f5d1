import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { walksStage } from '@yekuo/policy';
import { StageClock } from '@yekuo/timelimits';
import { Case } from '../inspection-case/case.type';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { CountersignInput, RequestCompletionAcceptanceInput } from './acceptance.inputs';
import { AcceptanceService } from './acceptance.service';
import {
  CompletionAcceptance,
  CompletionAcceptanceRound,
  CompletionAcceptanceRoundView,
  CompletionAcceptanceView,
  Countersignature,
  RectificationItem,
  RectificationNotice,
} from './completion-acceptance.model';

/** `Case.acceptance` and the completion acceptance mutations. */
@Resolver(() => Case)
export class AcceptanceResolver {
  constructor(
    private readonly acceptances: AcceptanceService,
    private readonly cases: InspectionCaseService,
  ) {}

  @ResolveField(() => CompletionAcceptance, {
    nullable: true,
    description:
      "Completion acceptance: every round with its countersignatures, the rectification notice, the checklist and the countersign set; null when the case's process variant has no completion acceptance, inspection has not opened the case, or you may not see it",
  })
  @Roles(...ROLES)
  async acceptance(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<CompletionAcceptanceView | null> {
    const found = await this.cases.findVisible(principal, parent.id);
    if (!found || !walksStage(found.category, 'COMPLETION_ACCEPTANCE', found.processVariant)) return null;
    return this.acceptances.acceptanceOf(found, principal);
  }

  @Mutation(() => Case, {
    description:
      'Request completion acceptance with the documents of every checklist slot, or, after a rectification notice, the re-inspection by the departments that failed (the customer, or an agent acting for them)',
  })
  @Roles(...INSPECTION_ROLES.requestCompletionAcceptance)
  async requestCompletionAcceptance(
    @Args('input') input: RequestCompletionAcceptanceInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Case> {
    await this.acceptances.request(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      "Countersign the current acceptance round, PASS or FAIL with items, for the department in your token (once per round); the round's last signature decides it, and a failure issues one rectification notice (department-signer)",
  })
  @Roles(...INSPECTION_ROLES.countersign)
  async countersign(@Args('input') input: CountersignInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.acceptances.countersign(principal, input);
    return { id: input.caseId };
  }
}

/**
 * The fields of `CompletionAcceptance` that read beyond its rounds, each only when asked (their types and
 * descriptions are the model's). Open to whoever may read `Case.acceptance`, which checked the case.
 */
@Resolver(() => CompletionAcceptance)
export class CompletionAcceptanceFieldsResolver {
  constructor(private readonly acceptances: AcceptanceService) {}

  @ResolveField()
  @Roles(...ROLES)
  async rectificationNotice(
    @Parent() acceptance: CompletionAcceptanceView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RectificationNotice | null> {
    return (await this.acceptances.countersignsOf(acceptance, principal)).rectificationNotice;
  }

  @ResolveField()
  @Roles(...ROLES)
  async passedDepartments(@Parent() acceptance: CompletionAcceptanceView, @CurrentPrincipal() principal: Principal): Promise<string[]> {
    return (await this.acceptances.countersignsOf(acceptance, principal)).passedDepartments;
  }

  @ResolveField()
  @Roles(...ROLES)
  async pendingDepartments(@Parent() acceptance: CompletionAcceptanceView, @CurrentPrincipal() principal: Principal): Promise<string[]> {
    return (await this.acceptances.countersignsOf(acceptance, principal)).pendingDepartments;
  }

  @ResolveField()
  @Roles(...ROLES)
  async signatures(@Parent() acceptance: CompletionAcceptanceView, @CurrentPrincipal() principal: Principal): Promise<Countersignature[]> {
    return (await this.acceptances.countersignsOf(acceptance, principal)).signatures;
  }

  @ResolveField()
  @Roles(...ROLES)
  async rectificationItems(
    @Parent() acceptance: CompletionAcceptanceView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RectificationItem[]> {
    return (await this.acceptances.countersignsOf(acceptance, principal)).rectificationItems;
  }

  @ResolveField()
  @Roles(...ROLES)
  clock(@Parent() acceptance: CompletionAcceptanceView, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return this.acceptances.clockOf(acceptance.caseId, acceptance.currentRound, principal);
  }
}

/** The fields of `CompletionAcceptanceRound` that read beyond its request, each only when asked. */
@Resolver(() => CompletionAcceptanceRound)
export class CompletionAcceptanceRoundFieldsResolver {
  constructor(private readonly acceptances: AcceptanceService) {}

  @ResolveField()
  @Roles(...ROLES)
  async pendingDepartments(@Parent() round: CompletionAcceptanceRoundView, @CurrentPrincipal() principal: Principal): Promise<string[]> {
    return (await this.acceptances.countersignsOfRound(round, principal)).pendingDepartments;
  }

  @ResolveField()
  @Roles(...ROLES)
  async signatures(@Parent() round: CompletionAcceptanceRoundView, @CurrentPrincipal() principal: Principal): Promise<Countersignature[]> {
    return (await this.acceptances.countersignsOfRound(round, principal)).signatures;
  }

  @ResolveField()
  @Roles(...ROLES)
  async rectificationItems(
    @Parent() round: CompletionAcceptanceRoundView,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RectificationItem[]> {
    return (await this.acceptances.countersignsOfRound(round, principal)).rectificationItems;
  }

  @ResolveField()
  @Roles(...ROLES)
  clock(@Parent() round: CompletionAcceptanceRoundView, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    return this.acceptances.clockOf(round.caseId, round.round, principal);
  }
}
