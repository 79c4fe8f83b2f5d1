import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, EventPayload, Role } from '@yekuo/events';
import {
  actorOf,
  ConflictError,
  DomainError,
  ErrorCode,
  isStaff,
  loadAllBy,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  Work,
} from '@yekuo/platform';
import { variantOf } from '@yekuo/policy';
import { SupplyTerms, TimeLimitPolicy } from '@yekuo/timelimits';
import { DataSource, EntityManager } from 'typeorm';
import { ExternalWorksService } from '../external-works/external-works.service';
import { CustomerPause } from '../planning-case/customer-pause.entity';
import { handOver, nextActionAfterConfirmation, PLANNING_NEXT_ACTIONS } from '../planning-case/next-action.policy';
import { OpenPlanningCase, PlanningCase } from '../planning-case/planning-case.entity';
import { PlanningAction, planningStateMachine } from '../planning-case/planning-case.state-machine';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import { APPROVAL_CHAINS, APPROVER_ROLES, nextApprovalStep } from './approval-chains';
import { checkScheme, SchemeTerms, SchemeViolation } from './scheme-rules';
import { SchemeApproval } from './scheme-approval.entity';
import { SchemeTemplate, termsFromTemplate } from './scheme-templates';
import { CUSTOMER_VISIBLE_SCHEME_STATUSES, isVoltageLevel, SCHEME_VALIDITY_DAYS, VoltageClass, voltageClassOf } from './scheme-terms';
import { sameSupplyTerms, THREE_ZERO_CONFIRMATION_RULE, whyNotThreeZero } from './three-zero';
import {
  ApproveSchemeInput,
  ConfirmSchemeInput,
  DraftSchemeInput,
  RejectSchemeInput,
  ReplySchemeInput,
  RequestSchemeChangeInput,
} from './scheme.inputs';
import { SchemeStatus, SupplyScheme } from './supply-scheme.entity';

/** Who may do what to a supply scheme (each approval level also names its own roles). */
export const SCHEME_ROLES = {
  draft: ['planner'],
  approve: APPROVER_ROLES,
  reject: APPROVER_ROLES,
  reply: ['planner'],
  confirm: ['customer', 'agent'],
  requestChange: ['customer', 'agent'],
} as const satisfies Record<string, readonly Role[]>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who acts when a rule decides instead of a person (the audit names the rule). */
const RULE_ACTOR = { id: 'RULE', role: 'rule' };

/** The supply terms of an application or a scheme version: what a 三零 contract carries. */
const supplyTermsOf = (terms: SupplyTerms): SupplyTerms => ({
  voltageLevel: terms.voltageLevel,
  capacityKva: terms.capacityKva,
  supplySources: terms.supplySources,
});

/**
 * What the case walks from a replied or confirmed scheme on: its variant when it has one (none on
 * cases accepted before variants were walked) and, for a case that walks or walked 三零, the scheme
 * version whose terms its contract must carry.
 */
function walkOf(planningCase: PlanningCase): Pick<EventPayload<'planning.scheme.confirmed.v1'>, 'processVariant' | 'contractTermsVersion'> {
  return {
    ...(planningCase.processVariant ? { processVariant: planningCase.processVariant } : {}),
    ...(planningCase.contractTermsVersion === null ? {} : { contractTermsVersion: planningCase.contractTermsVersion }),
  };
}

/** VALIDATION_FAILED naming every broken scheme rule: `fields` for forms, `violations` with the rule ids. */
export class SchemeRulesViolatedError extends DomainError {
  constructor(violations: SchemeViolation[]) {
    super(`The supply scheme breaks ${violations.map((v) => v.rule).join(', ')}: ${violations.map((v) => v.message).join('; ')}`, {
      code: ErrorCode.VALIDATION_FAILED,
      fields: violations.map((v) => ({ field: v.field, message: v.message })),
      violations,
    });
  }
}

/** The voltage class (approval chain) of a scheme's voltage level. */
function chainOf(voltageLevel: string): VoltageClass {
  // Input validation admits known levels only; an unknown one gets the longest chain.
  return isVoltageLevel(voltageLevel) ? voltageClassOf(voltageLevel) : 'HV';
}

/** The supply scheme: drafted in versions, approved level by level or rejected, replied, confirmed or sent back for changes. */
@Injectable()
export class SchemeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
    private readonly clocks: SchemeClockService,
    private readonly works: ExternalWorksService,
    private readonly policy: TimeLimitPolicy,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The low-voltage ceiling of the case: its jurisdiction (by region code) under the policy version it was accepted under. */
  private lvCeilingOf(planningCase: OpenPlanningCase) {
    return this.policy.lvCeilingOf(this.policy.pinOf(planningCase.policyVersion, planningCase.regionCode));
  }

  async draft(principal: Principal, input: DraftSchemeInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'draftScheme');
      const actor = actorOf(principal, SCHEME_ROLES.draft);
      const terms: SchemeTerms = {
        voltageLevel: input.voltageLevel,
        capacityKva: input.capacityKva,
        supplySources: input.supplySources,
        supplyPoints: input.supplyPoints.map((p) => p.trim()),
        meteringMethod: input.meteringMethod,
        tariffCategory: input.tariffCategory,
        propertyBoundary: input.propertyBoundary.trim(),
      };
      const violations = checkScheme(terms, planningCase.category, this.lvCeilingOf(planningCase));
      if (violations.length > 0) throw new SchemeRulesViolatedError(violations);
      const scheme = await this.insertVersion(work.manager, planningCase, terms, actor, null, input.externalWorksRequired ?? false);
      await this.cases.moveTo(work.manager, planningCase, next);
      await this.publishDrafted(work, planningCase, actor, scheme, true);
    });
  }

  async approve(principal: Principal, input: ApproveSchemeInput): Promise<void> {
    await this.decide(principal, input.caseId, 'approveScheme', 'DRAFTED', async (work, planningCase, scheme) => {
      const chain = APPROVAL_CHAINS[scheme.approvalChain as VoltageClass] ?? APPROVAL_CHAINS.HV;
      const approvals = await work.manager.find(SchemeApproval, { where: { schemeId: scheme.id }, order: { level: 'ASC' } });
      const step = nextApprovalStep(chain, approvals, principal);
      const approvedAt = this.time.now();
      await work.manager.insert(SchemeApproval, {
        id: randomUUID(),
        schemeId: scheme.id,
        level: step.level.level,
        role: step.role,
        approverId: principal.sub,
        ruleId: null,
        approvedAt,
      });
      const actor: Actor = { id: principal.sub, role: step.role };
      let confirmsByRule = false;
      if (step.final) {
        await this.update(work.manager, scheme, { status: 'APPROVED', approvedBy: principal.sub, approvedAt });
        await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(planningCase.status, 'approveScheme'));
        confirmsByRule = await this.keepsThreeZero(work, planningCase, scheme);
      }
      const nextLevel = chain.levels.find((l) => l.level > step.level.level);
      await work.publish('planning.scheme.approved.v1', {
        ...casePayloadOf(
          planningCase,
          actor,
          // Under 三零 the reply and the confirmation follow in this step: nobody is left to act on the approval.
          confirmsByRule
            ? undefined
            : step.final || !nextLevel
              ? PLANNING_NEXT_ACTIONS.schemeApproved(planningCase.regionCode, scheme.version)
              : handOver(
                  nextLevel.roles[0],
                  planningCase.regionCode,
                  `Approve level ${nextLevel.level} (${nextLevel.title}) of supply scheme version ${scheme.version}`,
                ),
        ),
        schemeId: scheme.id,
        version: scheme.version,
        level: step.level.level,
        final: step.final,
      });
      if (confirmsByRule) {
        await this.replyVersion(work, planningCase, scheme, actor, undefined);
        await this.confirmByRule(work, planningCase, scheme, actor);
        const replied = planningStateMachine.next(planningCase.status, 'replyScheme');
        await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(replied, 'confirmScheme'));
      }
    });
  }

  async reject(principal: Principal, input: RejectSchemeInput): Promise<void> {
    const reason = input.reason.trim();
    await this.decide(principal, input.caseId, 'rejectScheme', 'DRAFTED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.reject);
      await this.update(work.manager, scheme, {
        status: 'REJECTED',
        rejectedBy: principal.sub,
        rejectedAt: this.time.now(),
        rejectionReason: reason,
      });
      await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(planningCase.status, 'rejectScheme'));
      await work.publish('planning.scheme.rejected.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.schemeRejected(planningCase.regionCode, scheme.version, reason)),
        schemeId: scheme.id,
        version: scheme.version,
        reason,
      });
    });
  }

  async reply(principal: Principal, input: ReplySchemeInput): Promise<void> {
    await this.decide(principal, input.caseId, 'replyScheme', 'APPROVED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.reply);
      await this.replyVersion(work, planningCase, scheme, actor, input.validUntil);
      await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(planningCase.status, 'replyScheme'));
    });
  }

  async confirm(principal: Principal, input: ConfirmSchemeInput): Promise<void> {
    await this.decide(principal, input.caseId, 'confirmScheme', 'REPLIED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.confirm);
      const confirmedAt = this.time.now();
      if (scheme.validUntil && confirmedAt > scheme.validUntil) {
        throw new DomainError(
          `Supply scheme version ${scheme.version} was valid until ${scheme.validUntil.toISOString()}; ask for a change to have it renewed`,
          { code: ErrorCode.CONFLICT, validUntil: scheme.validUntil.toISOString() },
        );
      }
      await this.update(work.manager, scheme, { status: 'CONFIRMED', confirmedBy: principal.sub, confirmedAt });
      await this.recordAnswerPause(work.manager, planningCase, scheme, actor, 'Confirmed the replied supply scheme', confirmedAt);
      await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(planningCase.status, 'confirmScheme'));
      // A case the customer confirms for walked 三零 only if it left it: its contract must now carry this scheme's terms.
      if (planningCase.contractTermsVersion !== null) {
        await this.cases.recordWalk(work.manager, planningCase, { contractTermsVersion: scheme.version });
      }
      await this.publishConfirmed(work, planningCase, scheme, actor);
      // The customer's confirmation commits the utility to the works outside the site the scheme needs.
      await this.works.orderFor(work, planningCase, scheme, actor, confirmedAt);
    });
  }

  /** The customer asks for changes to the replied scheme: the planner drafts a new version; the wait was customer time. */
  async requestChange(principal: Principal, input: RequestSchemeChangeInput): Promise<void> {
    const reason = input.reason.trim();
    await this.decide(principal, input.caseId, 'requestSchemeChange', 'REPLIED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.requestChange);
      const at = this.time.now();
      await this.update(work.manager, scheme, {
        status: 'CHANGE_REQUESTED',
        changeRequestReason: reason,
        changeRequestedBy: principal.sub,
        changeRequestedAt: at,
      });
      await this.recordAnswerPause(work.manager, planningCase, scheme, actor, `Asked for changes: ${reason}`, at);
      await this.cases.moveTo(work.manager, planningCase, planningStateMachine.next(planningCase.status, 'requestSchemeChange'));
      // The utility's next round of the scheme (a new version, approved and replied) is timed afresh.
      await this.clocks.startNextRound(work, planningCase, at, actor);
      // No catalog event announces a change request yet; the audit chain records it.
      await work.audit({
        caseId: planningCase.caseId,
        actor,
        action: 'planning.scheme.change-requested',
        data: {
          schemeId: scheme.id,
          version: scheme.version,
          reason,
          nextAction: handOver('planner', planningCase.regionCode, `Draft a new supply scheme version: ${reason}`),
        },
      });
    });
  }

  /**
   * The fast path's scheme (inside the caller's transaction, the case locked and surveyed):
   * drafted from the standard template, approved by the template's rule (no person signs)
   * and replied to the customer at once; under 三零, confirmed by rule too while it qualifies.
   * Publishes drafted, approved (final) and replied (and confirmed); the caller moves the case
   * by the status of the version returned.
   */
  async draftApproveAndReplyFromTemplate(
    work: Work,
    planningCase: OpenPlanningCase,
    template: SchemeTemplate,
    supplyPoint: string,
    propertyBoundary: string | undefined,
    actor: Actor,
  ): Promise<SupplyScheme> {
    const terms = termsFromTemplate(template, planningCase.capacityKva, supplyPoint, propertyBoundary);
    const violations = checkScheme(terms, planningCase.category, this.lvCeilingOf(planningCase));
    if (violations.length > 0) throw new SchemeRulesViolatedError(violations);
    const scheme = await this.insertVersion(work.manager, planningCase, terms, actor, template.id);
    await this.publishDrafted(work, planningCase, actor, scheme, false);

    const approvedAt = this.time.now();
    await work.manager.insert(SchemeApproval, {
      id: randomUUID(),
      schemeId: scheme.id,
      level: 1,
      role: 'RULE',
      approverId: null,
      ruleId: template.approvalRule,
      approvedAt,
    });
    await this.update(work.manager, scheme, { status: 'APPROVED', approvedBy: 'RULE', approvedAt });
    await work.audit({
      caseId: planningCase.caseId,
      actor: RULE_ACTOR,
      action: 'planning.scheme.approved-by-rule',
      data: { schemeId: scheme.id, version: scheme.version, ruleId: template.approvalRule, templateId: template.id },
    });
    const confirmsByRule = await this.keepsThreeZero(work, planningCase, scheme);
    await work.publish('planning.scheme.approved.v1', {
      ...casePayloadOf(planningCase, actor),
      schemeId: scheme.id,
      version: scheme.version,
      level: 1,
      final: true,
    });
    await this.replyVersion(work, planningCase, scheme, actor, undefined);
    if (confirmsByRule) await this.confirmByRule(work, planningCase, scheme, actor);
    return scheme;
  }

  /** The latest version the caller may see: any for staff, replied ones (and later) for customers and agents. */
  async latestVisible(principal: Principal, caseId: string): Promise<SupplyScheme | null> {
    const versions = await this.versionsVisible(principal, caseId);
    return versions[versions.length - 1] ?? null;
  }

  /** Every version the caller may see, oldest first (every version of the case read once per request). */
  async versionsVisible(principal: Principal, caseId: string): Promise<SupplyScheme[]> {
    const versions = await loadAllBy(principal, this.dataSource.manager, SupplyScheme, 'caseId', caseId, { version: 'ASC' });
    if (isStaff(principal)) return versions;
    return versions.filter((v) => (CUSTOMER_VISIBLE_SCHEME_STATUSES as readonly string[]).includes(v.status));
  }

  /**
   * Which round of the supply scheme step a version belongs to: 1, plus one for every change the
   * customer asked for on an earlier version (a version rejected in approval stays in its round).
   */
  async roundOf(scheme: SupplyScheme): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM supply_scheme WHERE case_id = $1 AND version < $2 AND change_requested_at IS NOT NULL',
      [scheme.caseId, scheme.version],
    );
    return 1 + (row?.n ?? 0);
  }

  /** The approvals of a version, first level first (batched per request over every version asked). */
  approvals(schemeId: string, principal?: Principal): Promise<SchemeApproval[]> {
    return loadAllBy(principal, this.dataSource.manager, SchemeApproval, 'schemeId', schemeId, { level: 'ASC' });
  }

  private async insertVersion(
    manager: EntityManager,
    planningCase: OpenPlanningCase,
    terms: SchemeTerms,
    actor: Actor,
    templateId: string | null,
    externalWorksRequired = false,
  ): Promise<SupplyScheme> {
    const previous = await this.latest(manager, planningCase.caseId);
    const chain = APPROVAL_CHAINS[chainOf(terms.voltageLevel)];
    const scheme = manager.create(SupplyScheme, {
      id: randomUUID(),
      caseId: planningCase.caseId,
      version: (previous?.version ?? 0) + 1,
      ...terms,
      status: 'DRAFTED',
      approvalChain: chain.id,
      requiredLevels: chain.levels.length,
      templateId,
      externalWorksRequired,
      draftedBy: actor.id,
      draftedAt: this.time.now(),
    });
    await manager.insert(SupplyScheme, scheme);
    return scheme;
  }

  private async publishDrafted(work: Work, planningCase: OpenPlanningCase, actor: Actor, scheme: SupplyScheme, awaitsApprover: boolean) {
    await work.publish('planning.scheme.drafted.v1', {
      ...casePayloadOf(
        planningCase,
        actor,
        awaitsApprover ? PLANNING_NEXT_ACTIONS.schemeDrafted(planningCase.regionCode, scheme.version) : undefined,
      ),
      schemeId: scheme.id,
      version: scheme.version,
      voltageLevel: scheme.voltageLevel,
      capacityKva: scheme.capacityKva,
      supplySources: scheme.supplySources,
      meteringMethod: scheme.meteringMethod,
      tariffCategory: scheme.tariffCategory,
      externalWorksRequired: scheme.externalWorksRequired,
    });
  }

  private async replyVersion(work: Work, planningCase: OpenPlanningCase, scheme: SupplyScheme, actor: Actor, validUntil: Date | undefined) {
    const repliedAt = this.time.now();
    const until = validUntil ?? new Date(repliedAt.getTime() + SCHEME_VALIDITY_DAYS[chainOf(scheme.voltageLevel)] * DAY_MS);
    await this.update(work.manager, scheme, { status: 'REPLIED', repliedBy: actor.id, repliedAt, validUntil: until });
    // The reply ends the utility's step: the current round of the scheme clock stops.
    await this.clocks.stopAtReply(work, planningCase.caseId, repliedAt, actor);
    const variant = variantOf(planningCase.category, planningCase.processVariant);
    await work.publish('planning.scheme.replied.v1', {
      ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.schemeReplied(planningCase.regionCode, variant)),
      schemeId: scheme.id,
      version: scheme.version,
      validUntil: until.toISOString(),
      ...(planningCase.processVariant ? { processVariant: planningCase.processVariant } : {}),
    });
  }

  /**
   * At a version's final approval, whether a case that walks 三零 keeps walking it: the scheme's
   * terms must still qualify under the case's policy pin. A case whose scheme no longer qualifies
   * leaves 三零 for the pre-reform walk (the customer confirms the reply), with the reason audited.
   */
  private async keepsThreeZero(work: Work, planningCase: OpenPlanningCase, scheme: SupplyScheme): Promise<boolean> {
    if (planningCase.processVariant !== 'THREE_ZERO') return false;
    const pin = this.policy.pinOf(planningCase.policyVersion, planningCase.regionCode);
    const terms = supplyTermsOf(scheme);
    if (this.policy.processVariantFor(pin, planningCase.category, terms) === 'THREE_ZERO') return true;
    const reason = whyNotThreeZero(
      terms,
      this.policy.lvCeilingOf(pin),
      planningCase.category,
      this.policy.variantOf(pin, planningCase.category),
    );
    await this.cases.recordWalk(work.manager, planningCase, { processVariant: 'PRE_REFORM' });
    await work.audit({
      caseId: planningCase.caseId,
      actor: RULE_ACTOR,
      action: 'planning.variant.left',
      data: { from: 'THREE_ZERO', to: 'PRE_REFORM', schemeId: scheme.id, version: scheme.version, ...terms, reason },
    });
    return false;
  }

  /**
   * 三零: the replied version is confirmed by rule in the same step (the signed contract is the
   * customer's agreement, so no customer time is recorded). The contract keeps its terms version
   * while the scheme's supply terms equal those it carries, else it must carry this version's.
   */
  private async confirmByRule(work: Work, planningCase: OpenPlanningCase, scheme: SupplyScheme, actor: Actor): Promise<void> {
    const confirmedAt = this.time.now();
    await this.update(work.manager, scheme, { status: 'CONFIRMED', confirmedBy: RULE_ACTOR.id, confirmedAt });
    const basis = await this.contractTermsOf(work.manager, planningCase);
    if (!sameSupplyTerms(basis, supplyTermsOf(scheme))) {
      await this.cases.recordWalk(work.manager, planningCase, { contractTermsVersion: scheme.version });
    }
    await work.audit({
      caseId: planningCase.caseId,
      actor: RULE_ACTOR,
      action: 'planning.scheme.confirmed-by-rule',
      data: {
        schemeId: scheme.id,
        version: scheme.version,
        ruleId: THREE_ZERO_CONFIRMATION_RULE,
        contractTermsVersion: planningCase.contractTermsVersion,
      },
    });
    await this.publishConfirmed(work, planningCase, scheme, actor);
    await this.works.orderFor(work, planningCase, scheme, actor, confirmedAt);
  }

  /** The supply terms the case's 三零 contract carries: the application's (version 0) or those of the scheme version it names. */
  private async contractTermsOf(manager: EntityManager, planningCase: OpenPlanningCase): Promise<SupplyTerms> {
    const version = planningCase.contractTermsVersion;
    if (!version) return supplyTermsOf(planningCase);
    const basis = await manager.findOneByOrFail(SupplyScheme, { caseId: planningCase.caseId, version });
    return supplyTermsOf(basis);
  }

  private async publishConfirmed(work: Work, planningCase: OpenPlanningCase, scheme: SupplyScheme, actor: Actor): Promise<void> {
    await work.publish('planning.scheme.confirmed.v1', {
      ...casePayloadOf(
        planningCase,
        actor,
        nextActionAfterConfirmation(planningCase.category, planningCase.regionCode, planningCase.processVariant),
      ),
      schemeId: scheme.id,
      version: scheme.version,
      voltageLevel: scheme.voltageLevel,
      capacityKva: scheme.capacityKva,
      supplySources: scheme.supplySources,
      meteringMethod: scheme.meteringMethod,
      tariffCategory: scheme.tariffCategory,
      supplyPoints: scheme.supplyPoints,
      propertyBoundary: scheme.propertyBoundary,
      ...(planningCase.businessType ? { businessType: planningCase.businessType } : {}),
      externalWorksRequired: scheme.externalWorksRequired,
      ...walkOf(planningCase),
    });
  }

  /** The time between the reply and the customer's answer is customer time. */
  private async recordAnswerPause(
    manager: EntityManager,
    planningCase: OpenPlanningCase,
    scheme: SupplyScheme,
    actor: Actor,
    reason: string,
    answeredAt: Date,
  ): Promise<void> {
    if (!scheme.repliedAt) return;
    await manager.insert(CustomerPause, {
      id: randomUUID(),
      caseId: planningCase.caseId,
      stage: 'SUPPLY_SCHEME',
      kind: 'SCHEME_AWAITING_CUSTOMER',
      actorId: actor.id,
      actorRole: actor.role,
      reason,
      fromAt: scheme.repliedAt,
      toAt: answeredAt,
      recordedAt: answeredAt,
    });
  }

  /** A decision on the latest version: lock the case, check the transition, act on the version in `expected` status. */
  private async decide(
    principal: Principal,
    caseId: string,
    action: PlanningAction,
    expected: SchemeStatus,
    act: (work: Work, planningCase: OpenPlanningCase, scheme: SupplyScheme) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: planningCase } = await this.cases.lockFor(work.manager, principal, caseId, action);
      const scheme = await this.latest(work.manager, planningCase.caseId);
      if (!scheme || scheme.status !== expected) {
        // The case state says a version is waiting; if not, the data is inconsistent — refuse rather than guess.
        throw new ConflictError(`Case ${caseId} has no supply scheme version in status ${expected}`);
      }
      await act(work, planningCase, scheme);
    });
  }

  private async latest(manager: EntityManager, caseId: string): Promise<SupplyScheme | null> {
    const [latest] = await manager.find(SupplyScheme, { where: { caseId }, order: { version: 'DESC' }, take: 1 });
    return latest ?? null;
  }

  private async update(manager: EntityManager, scheme: SupplyScheme, changes: Partial<SupplyScheme>): Promise<void> {
    await manager.update(SupplyScheme, { id: scheme.id }, changes);
    Object.assign(scheme, changes);
  }
}
