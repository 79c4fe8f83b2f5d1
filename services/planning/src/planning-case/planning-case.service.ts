import { Injectable } from '@nestjs/common';
import { AuditLog, CaseCopyStore, InvalidTransitionError, Work } from '@yekuo/platform';
import { CloudEvent, CustomerCategory, ProcessVariantName } from '@yekuo/events';
import { variantOf } from '@yekuo/policy';
import { DataSource, EntityManager } from 'typeorm';
import { SchemeClockService } from '../scheme-clock/scheme-clock.service';
import { isOpen, OpenPlanningCase, PlanningCase } from './planning-case.entity';
import { PlanningAction, planningStateMachine, PlanningStatus } from './planning-case.state-machine';

/** A variant that drafts the contract at acceptance (三零) drafts it from the application's terms (version 0); others have none yet. */
function contractTermsAtAcceptance(category: CustomerCategory, processVariant: ProcessVariantName | undefined): number | null {
  return variantOf(category, processVariant).contractAtAcceptance ? 0 : null;
}

/** Planning's copy of a case (the shared case-copy mechanics) and its opening from the acceptance. */
@Injectable()
export class PlanningCaseService extends CaseCopyStore<PlanningCase, PlanningStatus, PlanningAction, OpenPlanningCase> {
  constructor(
    dataSource: DataSource,
    auditLog: AuditLog,
    private readonly clocks: SchemeClockService,
  ) {
    super(dataSource, auditLog, { entity: PlanningCase, lockName: 'planning-case', machine: () => planningStateMachine });
  }

  /**
   * Opens the planning case of an accepted application. Idempotent twice over:
   * the unit of work skips a redelivered event, and the store's insert skips a
   * second acceptance event for the same case. Resolves to whether a case was
   * opened. Starts the supply scheme's time-limit clock at `acceptedAt`, in the
   * same transaction.
   */
  async open(work: Work, event: CloudEvent<'intake.application.accepted.v1'>): Promise<boolean> {
    const data = event.data;
    const opened = await this.openCopy(work.manager, {
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
      processVariant: data.processVariant ?? null,
      contractTermsVersion: contractTermsAtAcceptance(data.category, data.processVariant),
    });
    if (!opened) return false;
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
        processVariant: data.processVariant ?? null,
      },
    });
    await this.clocks.startRound(work, data, 1, new Date(data.acceptedAt), data.actor);
    return true;
  }

  /**
   * Records what the case walks from now on (inside the transaction that holds its lock): its
   * variant when it leaves 三零, the scheme version whose terms its contract must carry.
   */
  async recordWalk(
    manager: EntityManager,
    planningCase: PlanningCase,
    changes: Partial<Pick<PlanningCase, 'processVariant' | 'contractTermsVersion'>>,
  ): Promise<void> {
    await manager.update(PlanningCase, { caseId: planningCase.caseId }, changes);
    Object.assign(planningCase, changes);
  }

  /** A cancelled case (the only copy that can lack the application's terms) refuses every action. */
  protected override readyFor(planningCase: PlanningCase, action: PlanningAction): OpenPlanningCase {
    return this.requireOpen(planningCase, action);
  }

  /** The case as one planning works on; a cancelled case refuses `action` (INVALID_TRANSITION, currentState CANCELLED). */
  requireOpen(planningCase: PlanningCase, action: string): OpenPlanningCase {
    if (!isOpen(planningCase)) throw new InvalidTransitionError(action, planningCase.status, []);
    return planningCase;
  }
}
