import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, casePayloadOf, Role } from '@yekuo/events';
import { teamFor } from '@yekuo/policy';
import {
  actorOf,
  DomainError,
  ErrorCode,
  loadAllBy,
  NotFoundError,
  Principal,
  TIME_SOURCE,
  TimeSource,
  UnitOfWork,
  Work,
} from '@yekuo/platform';
import { ClockService, StageClock } from '@yekuo/timelimits';
import { DataSource, EntityManager } from 'typeorm';
import { OpenPlanningCase } from '../planning-case/planning-case.entity';
import { PlanningCaseService } from '../planning-case/planning-case.service';
import type { SupplyScheme } from '../scheme/supply-scheme.entity';
import { ExternalWorksOrder } from './external-works-order.entity';
import {
  checkCompletion,
  checkPermitApplication,
  checkPermitDecision,
  ordersExternalWorks,
  requireOrdered,
  requireRegion,
  WorksAction,
} from './external-works.rules';
import {
  ApplyWorksPermitInput,
  CompleteExternalWorksInput,
  GrantWorksPermitInput,
  RecordWorksProgressInput,
  RefuseWorksPermitInput,
} from './external-works.inputs';
import { WorksPermit } from './works-permit.entity';
import { WorksProgress } from './works-progress.entity';

/** The stage of the external works clock: from the order to the completion. */
export const EXTERNAL_WORKS_CLOCK = 'EXTERNAL_WORKS' as const;

/**
 * Who runs the external works order: the supply planning team's planner, as the utility's
 * project manager for the works (the crews themselves do not sign in).
 */
export const EXTERNAL_WORKS_ROLES = {
  applyPermit: ['planner'],
  decidePermit: ['planner'],
  recordProgress: ['planner'],
  complete: ['planner'],
} as const satisfies Record<string, readonly Role[]>;

const WORKS_TEAM_ROLE = 'planner' as const;

/**
 * The utility's external works (配套工程 / 外线工程) of a case: ordered when the customer confirms
 * a scheme that needs them, with their permits, progress notes and completion, timed by the
 * EXTERNAL_WORKS clock. Every change takes the case's row lock and writes its audit entry and
 * events in the same transaction.
 */
@Injectable()
export class ExternalWorksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: PlanningCaseService,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /**
   * Opens the works order of a confirmed scheme that needs external works (inside the
   * confirmation's unit of work, the case locked), starts its clock and announces it. A case
   * has one order: a later confirmed version that needs works too keeps the order it has.
   */
  async orderFor(
    work: Work,
    planningCase: OpenPlanningCase,
    scheme: SupplyScheme,
    actor: Actor,
    at: Date,
  ): Promise<ExternalWorksOrder | null> {
    if (!ordersExternalWorks(scheme)) return null;
    const existing = await work.manager.findOneBy(ExternalWorksOrder, { caseId: planningCase.caseId });
    if (existing) return existing;
    const order = work.manager.create(ExternalWorksOrder, {
      id: randomUUID(),
      caseId: planningCase.caseId,
      schemeId: scheme.id,
      schemeVersion: scheme.version,
      status: 'ORDERED',
      orderedAt: at,
      orderedById: actor.id,
      orderedByRole: actor.role,
      completedAt: null,
      completedById: null,
      completionNote: null,
      cancelledAt: null,
    });
    await work.manager.insert(ExternalWorksOrder, order);
    const team = teamFor(WORKS_TEAM_ROLE, planningCase.regionCode)?.id;
    await work.audit({
      caseId: planningCase.caseId,
      actor,
      action: 'planning.external-works.ordered',
      data: { worksOrderId: order.id, schemeId: scheme.id, schemeVersion: scheme.version, orderedAt: at.toISOString() },
    });
    await work.publish('planning.externalworks.ordered.v1', {
      // No nextAction: the works run beside the customer's work after the confirmation, which keeps the case's next action.
      ...casePayloadOf(planningCase, actor),
      worksOrderId: order.id,
      schemeId: scheme.id,
      schemeVersion: scheme.version,
      orderedAt: at.toISOString(),
    });
    // Timed from the order; no clock when the case's policy version sets no limit for the stage.
    await this.clocks.start(work, { caseCopy: planningCase, stage: EXTERNAL_WORKS_CLOCK, startedAt: at, team, actor });
    return order;
  }

  async applyPermit(principal: Principal, input: ApplyWorksPermitInput): Promise<void> {
    const authority = input.authority.trim();
    await this.act(
      principal,
      input.caseId,
      'applyWorksPermit',
      EXTERNAL_WORKS_ROLES.applyPermit,
      async (work, _planningCase, order, actor) => {
        checkPermitApplication({ status: order.status, permits: await this.permitsOf(work.manager, order.id) }, input.kind);
        const permit: WorksPermit = {
          id: randomUUID(),
          orderId: order.id,
          caseId: order.caseId,
          kind: input.kind,
          authority,
          status: 'APPLIED',
          appliedAt: this.time.now(),
          appliedById: actor.id,
          decidedAt: null,
          decidedById: null,
          reference: null,
          refusalReason: null,
        };
        await work.manager.insert(WorksPermit, permit);
        await work.audit({
          caseId: order.caseId,
          actor,
          action: 'planning.external-works.permit-applied',
          data: { worksOrderId: order.id, permitId: permit.id, kind: permit.kind, authority, appliedAt: permit.appliedAt.toISOString() },
        });
      },
    );
  }

  async grantPermit(principal: Principal, input: GrantWorksPermitInput): Promise<void> {
    const reference = input.reference.trim();
    await this.act(
      principal,
      input.caseId,
      'decideWorksPermit',
      EXTERNAL_WORKS_ROLES.decidePermit,
      async (work, planningCase, order, actor) => {
        const permit = await this.permitToDecide(work.manager, order, input.permitId);
        const grantedAt = this.time.now();
        await work.manager.update(
          WorksPermit,
          { id: permit.id },
          { status: 'GRANTED', decidedAt: grantedAt, decidedById: actor.id, reference },
        );
        await work.audit({
          caseId: order.caseId,
          actor,
          action: 'planning.external-works.permit-granted',
          data: { worksOrderId: order.id, permitId: permit.id, kind: permit.kind, reference, grantedAt: grantedAt.toISOString() },
        });
        await work.publish('planning.workspermit.granted.v1', {
          ...casePayloadOf(planningCase, actor),
          worksOrderId: order.id,
          permitId: permit.id,
          kind: permit.kind,
          authority: permit.authority,
          reference,
          grantedAt: grantedAt.toISOString(),
        });
      },
    );
  }

  async refusePermit(principal: Principal, input: RefuseWorksPermitInput): Promise<void> {
    const reason = input.reason.trim();
    await this.act(
      principal,
      input.caseId,
      'decideWorksPermit',
      EXTERNAL_WORKS_ROLES.decidePermit,
      async (work, _planningCase, order, actor) => {
        const permit = await this.permitToDecide(work.manager, order, input.permitId);
        const refusedAt = this.time.now();
        await work.manager.update(
          WorksPermit,
          { id: permit.id },
          { status: 'REFUSED', decidedAt: refusedAt, decidedById: actor.id, refusalReason: reason },
        );
        // No catalog event for a refusal: the works apply again; the audit chain records it.
        await work.audit({
          caseId: order.caseId,
          actor,
          action: 'planning.external-works.permit-refused',
          data: { worksOrderId: order.id, permitId: permit.id, kind: permit.kind, reason, refusedAt: refusedAt.toISOString() },
        });
      },
    );
  }

  async recordProgress(principal: Principal, input: RecordWorksProgressInput): Promise<void> {
    const note = input.note.trim();
    await this.act(
      principal,
      input.caseId,
      'recordWorksProgress',
      EXTERNAL_WORKS_ROLES.recordProgress,
      async (work, _planningCase, order, actor) => {
        requireOrdered(order, 'recordWorksProgress');
        const progress: WorksProgress = {
          id: randomUUID(),
          orderId: order.id,
          caseId: order.caseId,
          note,
          recordedAt: this.time.now(),
          recordedById: actor.id,
          recordedByRole: actor.role,
        };
        await work.manager.insert(WorksProgress, progress);
        await work.audit({
          caseId: order.caseId,
          actor,
          action: 'planning.external-works.progress',
          data: { worksOrderId: order.id, progressId: progress.id, note, recordedAt: progress.recordedAt.toISOString() },
        });
      },
    );
  }

  async complete(principal: Principal, input: CompleteExternalWorksInput): Promise<void> {
    const note = input.note?.trim() || null;
    await this.act(
      principal,
      input.caseId,
      'completeExternalWorks',
      EXTERNAL_WORKS_ROLES.complete,
      async (work, planningCase, order, actor) => {
        checkCompletion({ status: order.status, permits: await this.permitsOf(work.manager, order.id) });
        const completedAt = this.time.now();
        await work.manager.update(
          ExternalWorksOrder,
          { id: order.id },
          { status: 'COMPLETED', completedAt, completedById: actor.id, completionNote: note },
        );
        await this.clocks.stop(work, { caseId: order.caseId, stage: EXTERNAL_WORKS_CLOCK, at: completedAt, actor });
        await work.audit({
          caseId: order.caseId,
          actor,
          action: 'planning.external-works.completed',
          data: { worksOrderId: order.id, completedAt: completedAt.toISOString(), ...(note ? { note } : {}) },
        });
        await work.publish('planning.externalworks.completed.v1', {
          ...casePayloadOf(planningCase, actor),
          worksOrderId: order.id,
          completedAt: completedAt.toISOString(),
        });
      },
    );
  }

  /** Closes an open order of a withdrawn case (the withdrawal cancels its clock with the others); what it closed, for the cancellation event. */
  async cancelFor(manager: EntityManager, caseId: string, at: Date): Promise<string[]> {
    const order = await manager.findOneBy(ExternalWorksOrder, { caseId, status: 'ORDERED' });
    if (!order) return [];
    await manager.update(ExternalWorksOrder, { id: order.id }, { status: 'CANCELLED', cancelledAt: at });
    return [`EXTERNAL_WORKS_ORDER ${order.id}`];
  }

  /** The case's works order when the caller may see the case; null otherwise or when the scheme needs none. */
  async orderVisible(principal: Principal, caseId: string): Promise<ExternalWorksOrder | null> {
    if (!(await this.cases.findVisible(principal, caseId))) return null;
    const [order] = await loadAllBy(principal, this.dataSource.manager, ExternalWorksOrder, 'caseId', caseId, { orderedAt: 'ASC' });
    return order ?? null;
  }

  /** The permit applications of an order, first applied first (batched per request). */
  permits(principal: Principal, orderId: string): Promise<WorksPermit[]> {
    return loadAllBy(principal, this.dataSource.manager, WorksPermit, 'orderId', orderId, { appliedAt: 'ASC' });
  }

  /** The progress notes of an order, oldest first (batched per request). */
  progress(principal: Principal, orderId: string): Promise<WorksProgress[]> {
    return loadAllBy(principal, this.dataSource.manager, WorksProgress, 'orderId', orderId, { recordedAt: 'ASC' });
  }

  /** The EXTERNAL_WORKS clock of the case, when its policy version times the stage. */
  clock(caseId: string): Promise<StageClock | null> {
    return this.clocks.view(caseId, EXTERNAL_WORKS_CLOCK);
  }

  /** Locks the case for a works action by a caller of `roles` serving its region, with its order. */
  private async act(
    principal: Principal,
    caseId: string,
    action: WorksAction,
    roles: readonly Role[],
    change: (work: Work, planningCase: OpenPlanningCase, order: ExternalWorksOrder, actor: Actor) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const actor = actorOf(principal, roles);
      const planningCase = this.cases.requireOpen(await this.cases.lockVisible(work.manager, principal, caseId), action);
      requireRegion(principal, planningCase.regionCode);
      const order = await work.manager.findOneBy(ExternalWorksOrder, { caseId });
      if (!order) {
        throw new DomainError(`Case ${caseId} has no external works: its confirmed supply scheme does not need them`, {
          code: ErrorCode.INVALID_TRANSITION,
          currentState: 'no external works order',
          requires: ['a confirmed supply scheme that needs external works'],
        });
      }
      await change(work, planningCase, order, actor);
    });
  }

  private async permitToDecide(manager: EntityManager, order: ExternalWorksOrder, permitId: string): Promise<WorksPermit> {
    const permits = await this.permitsOf(manager, order.id);
    const permit = permits.find((p) => p.id === permitId);
    if (!permit) throw new NotFoundError('Works permit', permitId);
    checkPermitDecision({ status: order.status, permits }, permit);
    return permit;
  }

  private permitsOf(manager: EntityManager, orderId: string): Promise<WorksPermit[]> {
    return manager.find(WorksPermit, { where: { orderId }, order: { appliedAt: 'ASC' } });
  }
}
