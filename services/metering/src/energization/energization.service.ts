import { Inject, Injectable } from '@nestjs/common';
import {
  actorOf,
  ConflictError,
  GateClosedError,
  InvalidTransitionError,
  Principal,
  TIME_SOURCE,
  type TimeSource,
  UnitOfWork,
  Work,
} from '@yekuo/platform';
import { casePayloadOf } from '@yekuo/events';
import { ClockService } from '@yekuo/timelimits';
import { isOpen, MeteringCase, OpenMeteringCase } from '../metering-case/metering-case.entity';
import { ENERGIZATION_CLOCK, MeteringCaseService } from '../metering-case/metering-case.service';
import { MeteringStep, requireStep } from '../metering-case/metering-case.state-machine';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { meteringNextActions } from '../metering-case/next-action.policy';
import { ArchiveCaseInput, EnergizeInput, PostponeEnergizationInput, ResumeEnergizationInput } from './energization.inputs';

/**
 * Switching the supply on behind the gate, and archiving the case afterwards. The
 * energization step is timed from the gate opening to the power-on; while the power-on
 * waits on the customer its clock is paused (who, why, from, to are kept on the clock).
 */
@Injectable()
export class EnergizationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
    private readonly clocks: ClockService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /**
   * INVALID_TRANSITION once energized (or before the scheme is confirmed);
   * GATE_CLOSED naming exactly the missing conditions while the gate is closed.
   * Stops the energization clock in the same transaction (a running customer wait ends with it).
   */
  async energize(principal: Principal, input: EnergizeInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'energize');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.energize);
      if (!openCase.gateOpenedAt) {
        // Every fact evaluates the gate, so it is closed for a reason; name it.
        const missing = await this.cases.missing(work.manager, openCase);
        if (missing.length > 0 || !(await this.cases.evaluateGate(work, openCase, actor))) throw new GateClosedError(missing);
      }
      const energizedAt = this.time.now();
      await this.cases.moveTo(work.manager, openCase, next, {
        energizedAt,
        energizedBy: principal.sub,
      });
      await work.publish('metering.case.energized.v1', {
        ...casePayloadOf(openCase, actor, meteringNextActions(openCase.regionCode).energized()),
        energizedAt: energizedAt.toISOString(),
      });
      await this.clocks.stop(work, { caseId: openCase.caseId, stage: ENERGIZATION_CLOCK, at: energizedAt, actor });
    });
  }

  /**
   * Records that the power-on waits on the customer from now: pauses the running
   * energization clock with the reason and who recorded it. GATE_CLOSED before the gate
   * opens (nothing is timed yet); INVALID_TRANSITION (currentState PAUSED) while a wait
   * is recorded already, and for a case that is energized, archived or cancelled.
   */
  async postpone(principal: Principal, input: PostponeEnergizationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const openCase = await this.lockTimed(work, principal, input.caseId, 'postponeEnergization');
      const by = actorOf(principal, METERING_ROLES.postponeEnergization);
      const clock = await this.clocks.view(openCase.caseId, ENERGIZATION_CLOCK);
      if (!clock) throw this.untimed(openCase.caseId);
      if (clock.state !== 'RUNNING') throw new InvalidTransitionError('postponeEnergization', clock.state, ['RUNNING']);
      await this.clocks.pause(work, {
        caseId: openCase.caseId,
        stage: ENERGIZATION_CLOCK,
        at: this.time.now(),
        by,
        reason: input.reason.trim(),
      });
    });
  }

  /** Ends the customer's wait: the energization clock runs on, its deadlines moved by the working time the wait took. */
  async resume(principal: Principal, input: ResumeEnergizationInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const openCase = await this.lockTimed(work, principal, input.caseId, 'resumeEnergization');
      const by = actorOf(principal, METERING_ROLES.resumeEnergization);
      const clock = await this.clocks.view(openCase.caseId, ENERGIZATION_CLOCK);
      if (!clock) throw this.untimed(openCase.caseId);
      if (clock.state !== 'PAUSED') throw new InvalidTransitionError('resumeEnergization', clock.state, ['PAUSED']);
      await this.clocks.resume(work, { caseId: openCase.caseId, stage: ENERGIZATION_CLOCK, at: this.time.now(), by });
    });
  }

  async archive(principal: Principal, input: ArchiveCaseInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'archive');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.archiveCase);
      const archivedAt = this.time.now();
      await this.cases.moveTo(work.manager, openCase, next, {
        archivedAt,
        archivedBy: principal.sub,
      });
      await work.publish('metering.case.archived.v1', {
        ...casePayloadOf(openCase, actor),
        archivedAt: archivedAt.toISOString(),
      });
    });
  }

  /**
   * Locks a case whose energization is timed now: visible to the caller, in a state the
   * step allows, gate open. Takes the case's audit-chain lock before the clock row is touched.
   */
  private async lockTimed(work: Work, principal: Principal, caseId: string, step: MeteringStep): Promise<OpenMeteringCase> {
    const meteringCase = await this.cases.lockVisible(work.manager, principal, caseId);
    requireStep(meteringCase.status, step);
    const openCase = this.opened(meteringCase);
    if (!openCase.gateOpenedAt) throw new GateClosedError(await this.cases.missing(work.manager, openCase));
    await this.cases.lockChain(work.manager, caseId);
    return openCase;
  }

  /** A gate that opened before energization was timed has no clock to pause. */
  private untimed(caseId: string): ConflictError {
    return new ConflictError(`The energization of case ${caseId} has no time-limit clock (its gate opened before energization was timed)`);
  }

  /** The state machine only lets open cases through; this narrows the type and fails closed if that ever changes. */
  private opened(meteringCase: MeteringCase): OpenMeteringCase {
    if (!isOpen(meteringCase)) throw new Error(`metering case ${meteringCase.caseId} is not open`);
    return meteringCase;
  }
}
