import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, Roles } from '@yekuo/platform';
import { ROLES } from '@yekuo/events';
import { StageClock } from '@yekuo/timelimits';
import { Case } from '../planning-case/case.type';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import {
  ApproveSchemeInput,
  ConfirmSchemeInput,
  DraftSchemeInput,
  RejectSchemeInput,
  ReplySchemeInput,
  RequestSchemeChangeInput,
} from './scheme.inputs';
import { SchemeApproval } from './scheme-approval.entity';
import { SCHEME_ROLES, SchemeService } from './scheme.service';
import { SupplyScheme } from './supply-scheme.entity';
import { SupplySchemeModel } from './supply-scheme.model';
import { SchemeApprovalModel } from './scheme-approval.model';

/** `Case.scheme`, `Case.schemeVersions`, `Case.planningClocks` and the scheme mutations. */
@Resolver(() => Case)
export class SchemeResolver {
  constructor(
    private readonly schemes: SchemeService,
    private readonly cases: PlanningCaseService,
    private readonly clocks: SchemeClockService,
  ) {}

  @ResolveField(() => [StageClock], {
    description:
      "The time-limit clocks of the supply scheme step (SUPPLY_SCHEME), one per round, first round first: round 1 runs from the application's acceptance to the first reply, each change the customer asks for after a reply starts the next round up to the next reply; paused while the customer's move of the survey appointment holds the survey up. Empty before planning opened the case or when you may not see it",
  })
  @Roles(...ROLES)
  async planningClocks(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<StageClock[]> {
    if (!(await this.cases.findVisible(principal, parent.id))) return [];
    return this.clocks.rounds(parent.id);
  }

  @ResolveField(() => SupplySchemeModel, {
    nullable: true,
    description:
      'The latest supply scheme version (customers and agents see it once replied); null when there is none or you may not see the case',
  })
  @Roles(...ROLES)
  async scheme(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<SupplyScheme | null> {
    if (!(await this.cases.findVisible(principal, parent.id))) return null;
    return this.schemes.latestVisible(principal, parent.id);
  }

  @ResolveField(() => [SupplySchemeModel], {
    description:
      'Every supply scheme version, oldest first (customers and agents see the replied ones); empty when you may not see the case',
  })
  @Roles(...ROLES)
  async schemeVersions(@Parent() parent: Case, @CurrentPrincipal() principal: Principal): Promise<SupplyScheme[]> {
    if (!(await this.cases.findVisible(principal, parent.id))) return [];
    return this.schemes.versionsVisible(principal, parent.id);
  }

  @Mutation(() => Case, { description: 'Draft the supply scheme; after a rejection this makes the next version (planner)' })
  @Roles(...SCHEME_ROLES.draft)
  async draftScheme(@Args('input') input: DraftSchemeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.draft(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Approve the next level of the drafted supply scheme (approver): one level at low voltage, two at 10–20 kV, three at 35 kV and above, each by a different person; the last level approves the scheme (under 三零 it is then replied and confirmed by rule while it still qualifies; otherwise the case leaves 三零)',
  })
  @Roles(...SCHEME_ROLES.approve)
  async approveScheme(@Args('input') input: ApproveSchemeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.approve(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description: 'Reject the drafted supply scheme at any level with a reason; the planner drafts the next version (approver)',
  })
  @Roles(...SCHEME_ROLES.reject)
  async rejectScheme(@Args('input') input: RejectSchemeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.reject(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description: 'Reply the approved supply scheme to the customer with the date until which it may be confirmed (planner)',
  })
  @Roles(...SCHEME_ROLES.reply)
  async replyScheme(@Args('input') input: ReplySchemeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.reply(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Confirm the replied supply scheme before it expires (the customer, or an agent acting for them); CONFLICT after validUntil',
  })
  @Roles(...SCHEME_ROLES.confirm)
  async confirmScheme(@Args('input') input: ConfirmSchemeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.confirm(principal, input);
    return { id: input.caseId };
  }

  @Mutation(() => Case, {
    description:
      'Ask for changes to the replied supply scheme (the customer, or an agent acting for them); the planner drafts a new version',
  })
  @Roles(...SCHEME_ROLES.requestChange)
  async requestSchemeChange(@Args('input') input: RequestSchemeChangeInput, @CurrentPrincipal() principal: Principal): Promise<Case> {
    await this.schemes.requestChange(principal, input);
    return { id: input.caseId };
  }
}

/** The approvals signed for a scheme version and the clock of its round. */
@Resolver(() => SupplySchemeModel)
export class SupplySchemeResolver {
  constructor(
    private readonly schemes: SchemeService,
    private readonly cases: PlanningCaseService,
    private readonly clocks: SchemeClockService,
  ) {}

  @ResolveField(() => StageClock, {
    nullable: true,
    description:
      "The SUPPLY_SCHEME time-limit clock of the round this version belongs to (round 1 until the customer first asks for changes, then one round per change request): limit and internal target, deadlines, utility and customer time, pauses and status as they stand now. Null when the case's category and policy version set no limit for the step, or when you may not see the case",
  })
  @Roles(...ROLES)
  async clock(@Parent() scheme: SupplyScheme, @CurrentPrincipal() principal: Principal): Promise<StageClock | null> {
    if (!(await this.cases.findVisible(principal, scheme.caseId))) return null;
    return this.clocks.view(scheme.caseId, await this.schemes.roundOf(scheme));
  }

  @ResolveField(() => [SchemeApprovalModel], { description: 'The approval levels signed for this version, first level first' })
  @Roles(...ROLES)
  approvals(@Parent() scheme: SupplyScheme, @CurrentPrincipal() principal: Principal): Promise<SchemeApproval[]> {
    return this.schemes.approvals(scheme.id, principal);
  }
}
