import { Inject, Injectable } from '@nestjs/common';
import { casePayloadOf } from '@yekuo/events';
import { walksStage } from '@yekuo/policy';
import { actorOf, Principal, TIME_SOURCE, TimeSource, UnitOfWork, ValidationFailedError } from '@yekuo/platform';
import { InspectionCase } from '../inspection-case/inspection-case.entity';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { inspectionNextActions } from '../inspection-case/next-action.policy';
import { RecordConstructionStartInput } from './construction.inputs';
import { todayIn, UTILITY_TIME_ZONE } from './started-on.rule';

/**
 * Construction (施工) is the customer's business, by a unit they choose freely; inspection
 * only records when it started and by whom, in the case's audit chain and as
 * `inspection.construction.started.v1` in the same transaction.
 */
@Injectable()
export class ConstructionService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async recordStart(principal: Principal, input: RecordConstructionStartInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'startConstruction');
      const actor = actorOf(principal, INSPECTION_ROLES.recordConstructionStart);
      const unitName = input.unitName?.trim() ?? inspectionCase.chosenUnitName;
      if (!unitName) {
        throw new ValidationFailedError([
          { field: 'input.unitName', message: 'unitName is required: no construction unit has been chosen for the case' },
        ]);
      }
      const fromChoice = unitName === inspectionCase.chosenUnitName;
      const now = this.time.now();
      const changes: Partial<InspectionCase> = {
        constructionUnitId: fromChoice ? inspectionCase.chosenUnitId : null,
        constructionUnitName: unitName,
        constructionStartedOn: input.startedOn ?? todayIn(UTILITY_TIME_ZONE, now),
        constructionRecordedBy: principal.sub,
        constructionRecordedAt: now,
      };
      await work.manager.update(InspectionCase, { caseId: inspectionCase.caseId }, changes);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.audit({
        caseId: inspectionCase.caseId,
        actor,
        action: 'inspection.construction.started',
        data: {
          startedOn: changes.constructionStartedOn,
          unitId: changes.constructionUnitId,
          unitName,
          unitIsTheChosenOne: fromChoice,
          status: next,
        },
      });
      const intermediate = walksStage(inspectionCase.category, 'INTERMEDIATE_INSPECTION', inspectionCase.processVariant);
      await work.publish('inspection.construction.started.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).constructionStarted(intermediate)),
        actions: {
          closes: ['START_CONSTRUCTION'],
          opens: [intermediate ? 'REQUEST_INTERMEDIATE_INSPECTION' : 'REQUEST_COMPLETION_ACCEPTANCE'],
        },
        startedOn: changes.constructionStartedOn!,
        unitName,
        ...(changes.constructionUnitId ? { unitId: changes.constructionUnitId } : {}),
      });
    });
  }
}
