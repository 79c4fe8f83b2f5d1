import { Injectable } from '@nestjs/common';
import { actorOf, ConflictError, InvalidTransitionError, Principal, UnitOfWork, Work } from '@yekuo/platform';
import { StageClock } from '@yekuo/timelimits';
import { AcceptanceRound } from '../acceptance/acceptance-round.entity';
import type { InspectionCase } from '../inspection-case/inspection-case.entity';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { IntermediateInspectionRecord } from '../intermediate/intermediate-inspection.entity';
import { EndCustomerDelayInput, RecordCustomerDelayInput } from './customer-delay.inputs';
import { CUSTOMER_DELAY_STEPS } from './inspection-clock.policy';
import { InspectionClockRef, InspectionClocks } from './inspection-clocks';

/**
 * The customer's delays of a requested on-site step (客户原因): the step's clock pauses from the
 * delay to its end, and the engine keeps who, why, from and to. Recorded times are never edited:
 * a delay is only ended, never removed.
 */
@Injectable()
export class CustomerDelayService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  record(principal: Principal, input: RecordCustomerDelayInput): Promise<StageClock> {
    return this.unitOfWork.run(async (work) => {
      const ref = await this.runningStep(work, principal, input.caseId, 'recordCustomerDelay');
      const actor = actorOf(principal, INSPECTION_ROLES.recordCustomerDelay);
      return this.clocks.pause(work, ref, this.clocks.now(), actor, input.reason.trim());
    });
  }

  end(principal: Principal, input: EndCustomerDelayInput): Promise<StageClock> {
    return this.unitOfWork.run(async (work) => {
      const ref = await this.runningStep(work, principal, input.caseId, 'endCustomerDelay');
      const actor = actorOf(principal, INSPECTION_ROLES.endCustomerDelay);
      return this.clocks.resume(work, ref, this.clocks.now(), actor);
    });
  }

  /**
   * The requested on-site step of the case and its current round, under the case row lock.
   * NOT_FOUND when the case is unknown or not the caller's; INVALID_TRANSITION (with the case's
   * state and the states that allow a delay) when no on-site step awaits the utility, CANCELLED
   * included.
   */
  private async runningStep(work: Work, principal: Principal, caseId: string, action: string): Promise<InspectionClockRef> {
    const inspectionCase: InspectionCase = await this.cases.lockVisible(work.manager, principal, caseId);
    const stage = CUSTOMER_DELAY_STEPS[inspectionCase.status];
    if (!stage) throw new InvalidTransitionError(action, inspectionCase.status, Object.keys(CUSTOMER_DELAY_STEPS));
    const round = await work.manager.maximum(
      stage === 'INTERMEDIATE_INSPECTION' ? IntermediateInspectionRecord : AcceptanceRound,
      'round',
      {
        caseId,
      },
    );
    // The state says a request awaits the utility; without its round the data is inconsistent: refuse rather than guess.
    if (round === null) throw new ConflictError(`Case ${caseId} has no ${stage} request on record`);
    return { caseId, stage, round };
  }
}
