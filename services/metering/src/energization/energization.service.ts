import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, GateClosedError, Principal, UnitOfWork } from '@yekuo/shared';
import { isOpen, MeteringCase, OpenMeteringCase } from '../metering-case/metering-case.entity';
import { MeteringCaseService } from '../metering-case/metering-case.service';
import { METERING_ROLES } from '../metering-case/metering-roles';
import { METERING_NEXT_ACTIONS } from '../metering-case/next-action.policy';
import { ArchiveCaseInput, EnergizeInput } from './energization.inputs';

/** Switching the supply on behind the gate, and archiving the case afterwards. */
@Injectable()
export class EnergizationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: MeteringCaseService,
  ) {}

  /**
   * INVALID_TRANSITION once energized (or before the scheme is confirmed);
   * GATE_CLOSED naming exactly the missing conditions while the gate is closed.
   */
  async energize(principal: Principal, input: EnergizeInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'energize');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.energize);
      if (!openCase.gateOpenedAt) {
        // Every fact evaluates the gate, so it is closed for a reason; name it.
        const missing = await this.cases.missing(work.manager, openCase);
        if (missing.length > 0 || !(await this.cases.evaluateGate(work, openCase, actor))) throw new GateClosedError(missing);
      }
      const energizedAt = new Date();
      await this.cases.moveTo(work.manager, openCase, next, {
        energizedAt,
        energizedBy: principal.sub,
      });
      await work.publish('metering.case.energized.v1', {
        ...casePayloadOf(openCase, actor, METERING_NEXT_ACTIONS.energized()),
        energizedAt: energizedAt.toISOString(),
      });
    });
  }

  async archive(principal: Principal, input: ArchiveCaseInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { meteringCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'archive');
      const openCase = this.opened(meteringCase);
      const actor = actorOf(principal, METERING_ROLES.archiveCase);
      const archivedAt = new Date();
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

  /** The state machine only lets open cases through; this narrows the type and fails closed if that ever changes. */
  private opened(meteringCase: MeteringCase): OpenMeteringCase {
    if (!isOpen(meteringCase)) throw new Error(`metering case ${meteringCase.caseId} is not open`);
    return meteringCase;
  }
}
