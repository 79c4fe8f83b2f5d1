import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, isStaff, Principal, Role, UnitOfWork, Work } from '@yekuo/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import { nextActionAfterConfirmation, PLANNING_NEXT_ACTIONS } from '../planning-case/next-action.policy';
import { PlanningCase } from '../planning-case/planning-case.entity';
import { PlanningAction } from '../planning-case/planning-case.state-machine';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import { CUSTOMER_VISIBLE_SCHEME_STATUSES } from './scheme-terms';
import { ApproveSchemeInput, ConfirmSchemeInput, DraftSchemeInput, RejectSchemeInput, ReplySchemeInput } from './scheme.inputs';
import { SchemeStatus, SupplyScheme } from './supply-scheme.entity';

/** Who may do what to a supply scheme. */
export const SCHEME_ROLES = {
  draft: ['planner'],
  approve: ['approver'],
  reject: ['approver'],
  reply: ['planner'],
  confirm: ['customer', 'agent'],
} as const satisfies Record<string, readonly Role[]>;

/** Only one approval level for now: the approval is final. */
const APPROVAL_LEVEL = 1;

/** The supply scheme: drafted in versions, approved or rejected, replied to and confirmed by the customer. */
@Injectable()
export class SchemeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
  ) {}

  async draft(principal: Principal, input: DraftSchemeInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { planningCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'draftScheme');
      const actor = actorOf(principal, SCHEME_ROLES.draft);
      const previous = await this.latest(work.manager, planningCase.caseId);
      const scheme = work.manager.create(SupplyScheme, {
        id: randomUUID(),
        caseId: planningCase.caseId,
        version: (previous?.version ?? 0) + 1,
        voltageLevel: input.voltageLevel,
        capacityKva: input.capacityKva,
        supplySources: input.supplySources,
        supplyPoints: input.supplyPoints.map((p) => p.trim()),
        meteringMethod: input.meteringMethod,
        tariffCategory: input.tariffCategory,
        propertyBoundary: input.propertyBoundary.trim(),
        status: 'DRAFTED',
        draftedBy: principal.sub,
        draftedAt: new Date(),
      });
      await work.manager.insert(SupplyScheme, scheme);
      await this.cases.moveTo(work.manager, planningCase, next);
      await work.publish('planning.scheme.drafted.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.schemeDrafted(planningCase.regionCode, scheme.version)),
        schemeId: scheme.id,
        version: scheme.version,
        voltageLevel: scheme.voltageLevel,
        capacityKva: scheme.capacityKva,
        supplySources: scheme.supplySources,
        meteringMethod: scheme.meteringMethod,
        tariffCategory: scheme.tariffCategory,
      });
    });
  }

  async approve(principal: Principal, input: ApproveSchemeInput): Promise<void> {
    await this.decide(principal, input.caseId, 'approveScheme', 'DRAFTED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.approve);
      await this.update(work.manager, scheme, { status: 'APPROVED', approvedBy: principal.sub, approvedAt: new Date() });
      await work.publish('planning.scheme.approved.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.schemeApproved(planningCase.regionCode, scheme.version)),
        schemeId: scheme.id,
        version: scheme.version,
        level: APPROVAL_LEVEL,
        final: true,
      });
    });
  }

  async reject(principal: Principal, input: RejectSchemeInput): Promise<void> {
    const reason = input.reason.trim();
    await this.decide(principal, input.caseId, 'rejectScheme', 'DRAFTED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.reject);
      await this.update(work.manager, scheme, {
        status: 'REJECTED',
        rejectedBy: principal.sub,
        rejectedAt: new Date(),
        rejectionReason: reason,
      });
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
      await this.update(work.manager, scheme, {
        status: 'REPLIED',
        repliedBy: principal.sub,
        repliedAt: new Date(),
        validUntil: input.validUntil ?? null,
      });
      await work.publish('planning.scheme.replied.v1', {
        ...casePayloadOf(planningCase, actor, PLANNING_NEXT_ACTIONS.schemeReplied(planningCase.regionCode)),
        schemeId: scheme.id,
        version: scheme.version,
        ...(input.validUntil ? { validUntil: input.validUntil.toISOString() } : {}),
      });
    });
  }

  async confirm(principal: Principal, input: ConfirmSchemeInput): Promise<void> {
    await this.decide(principal, input.caseId, 'confirmScheme', 'REPLIED', async (work, planningCase, scheme) => {
      const actor = actorOf(principal, SCHEME_ROLES.confirm);
      await this.update(work.manager, scheme, { status: 'CONFIRMED', confirmedBy: principal.sub, confirmedAt: new Date() });
      await work.publish('planning.scheme.confirmed.v1', {
        ...casePayloadOf(planningCase, actor, nextActionAfterConfirmation(planningCase.category, planningCase.regionCode)),
        schemeId: scheme.id,
        version: scheme.version,
        voltageLevel: scheme.voltageLevel,
        capacityKva: scheme.capacityKva,
        supplySources: scheme.supplySources,
        meteringMethod: scheme.meteringMethod,
        tariffCategory: scheme.tariffCategory,
        supplyPoints: scheme.supplyPoints,
        propertyBoundary: scheme.propertyBoundary,
      });
    });
  }

  /** The latest version the caller may see: any for staff, replied or confirmed ones for customers and agents. */
  async latestVisible(principal: Principal, caseId: string): Promise<SupplyScheme | null> {
    const [latest] = await this.dataSource.manager.find(SupplyScheme, {
      where: { caseId, ...this.visibleStatuses(principal) },
      order: { version: 'DESC' },
      take: 1,
    });
    return latest ?? null;
  }

  /** Every version the caller may see, oldest first. */
  versionsVisible(principal: Principal, caseId: string): Promise<SupplyScheme[]> {
    return this.dataSource.manager.find(SupplyScheme, {
      where: { caseId, ...this.visibleStatuses(principal) },
      order: { version: 'ASC' },
    });
  }

  private visibleStatuses(principal: Principal) {
    return isStaff(principal) ? {} : { status: In([...CUSTOMER_VISIBLE_SCHEME_STATUSES]) };
  }

  /** A decision on the latest version: lock the case, check the transition, act on the version in `expected` status. */
  private async decide(
    principal: Principal,
    caseId: string,
    action: PlanningAction,
    expected: SchemeStatus,
    act: (work: Work, planningCase: PlanningCase, scheme: SupplyScheme) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { planningCase, next } = await this.cases.lockFor(work.manager, principal, caseId, action);
      const scheme = await this.latest(work.manager, planningCase.caseId);
      if (!scheme || scheme.status !== expected) {
        // The case state says a version is waiting; if not, the data is inconsistent — refuse rather than guess.
        throw new ConflictError(`Case ${caseId} has no supply scheme version in status ${expected}`);
      }
      await act(work, planningCase, scheme);
      await this.cases.moveTo(work.manager, planningCase, next);
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
