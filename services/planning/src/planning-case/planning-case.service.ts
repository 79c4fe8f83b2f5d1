import { Injectable } from '@nestjs/common';
import { AuditLog, AuditVerification, InvalidTransitionError, mayActFor, NotFoundError, Principal, Work } from '@yekuo/platform';
import { CloudEvent } from '@yekuo/events';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import { isOpen, OpenPlanningCase, PlanningCase } from './planning-case.entity';
import { PlanningAction, planningStateMachine, PlanningStatus } from './planning-case.state-machine';

/** The consumer name recorded in the inbox for events applied to planning cases. */
export const PLANNING_CONSUMER = 'planning';

/** Planning's copy of a case: opening it, who may see it, and moving it through its states. */
@Injectable()
export class PlanningCaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly clocks: SchemeClockService,
  ) {}

  /**
   * Opens the planning case of an accepted application. Idempotent twice over:
   * the unit of work skips a redelivered event, and `ON CONFLICT DO NOTHING`
   * skips a second acceptance event for the same case. Resolves to whether a
   * case was opened. Starts the supply scheme's time-limit clock at `acceptedAt`, in the
   * same transaction.
   */
  async open(work: Work, event: CloudEvent<'intake.application.accepted.v1'>): Promise<boolean> {
    const data = event.data;
    const inserted = await work.manager
      .createQueryBuilder()
      .insert()
      .into(PlanningCase)
      .values({
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        businessType: data.businessType,
        regionCode: data.regionCode,
        capacityKva: data.capacityKva,
        voltageLevel: data.voltageLevel,
        supplySources: data.supplySources,
        acceptedAt: new Date(data.acceptedAt),
        status: 'AWAITING_SURVEY',
      })
      .orIgnore()
      .returning(['caseId'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return false;
    await work.audit({
      caseId: data.caseId,
      actor: data.actor,
      action: 'planning.case.opened',
      data: {
        eventId: event.id,
        caseNumber: data.caseNumber,
        customerId: data.customerId,
        category: data.category,
        policyVersion: data.policyVersion,
        businessType: data.businessType,
        regionCode: data.regionCode,
        capacityKva: data.capacityKva,
        voltageLevel: data.voltageLevel,
        supplySources: data.supplySources,
        acceptedAt: data.acceptedAt,
        status: 'AWAITING_SURVEY',
      },
    });
    await this.clocks.startRound(work, data, 1, new Date(data.acceptedAt), data.actor);
    return true;
  }

  /** The case when it exists and `principal` may see it; null otherwise (existence is never leaked). */
  async findVisible(principal: Principal, caseId: string): Promise<PlanningCase | null> {
    if (!isUUID(caseId)) return null;
    const planningCase = await this.dataSource.manager.findOneBy(PlanningCase, { caseId });
    return planningCase && mayActFor(principal, planningCase.customerId) ? planningCase : null;
  }

  /**
   * Locks the case row for the change made in `manager`'s transaction and checks that
   * `action` may happen now. NOT_FOUND when the case is unknown or not the caller's;
   * INVALID_TRANSITION (with currentState and requires) when the state does not allow it.
   */
  async lockFor(
    manager: EntityManager,
    principal: Principal,
    caseId: string,
    action: PlanningAction,
  ): Promise<{ planningCase: OpenPlanningCase; next: PlanningStatus }> {
    const planningCase = await this.lockVisible(manager, principal, caseId);
    const next = planningStateMachine.next(planningCase.status, action);
    return { planningCase: this.requireOpen(planningCase, action), next };
  }

  /** Locks the case row for the caller's transaction; NOT_FOUND when unknown or not the caller's. */
  async lockVisible(manager: EntityManager, principal: Principal, caseId: string): Promise<PlanningCase> {
    const planningCase = await manager.findOne(PlanningCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (!planningCase || !mayActFor(principal, planningCase.customerId)) throw new NotFoundError('Case', caseId);
    return planningCase;
  }

  /** The case as one planning works on; a cancelled case refuses `action` (INVALID_TRANSITION, currentState CANCELLED). */
  requireOpen(planningCase: PlanningCase, action: string): OpenPlanningCase {
    // Only a CANCELLED copy can lack the application's terms.
    if (!isOpen(planningCase)) throw new InvalidTransitionError(action, planningCase.status, []);
    return planningCase;
  }

  /** Locks the case row (null when planning never heard of the case), for consumers. */
  lock(manager: EntityManager, caseId: string): Promise<PlanningCase | null> {
    return manager.findOne(PlanningCase, { where: { caseId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Records the state the case moved to (inside the transaction that holds its lock). */
  async moveTo(manager: EntityManager, planningCase: PlanningCase, status: PlanningStatus): Promise<void> {
    await manager.update(PlanningCase, { caseId: planningCase.caseId }, { status });
    planningCase.status = status;
  }

  /** Re-computes the case's audit chain in this service's database. */
  verifyAudit(caseId: string): Promise<AuditVerification> {
    return this.auditLog.verify(this.dataSource.manager, caseId);
  }
}
