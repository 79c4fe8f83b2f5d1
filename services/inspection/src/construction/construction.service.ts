import { Inject, Injectable } from '@nestjs/common';
import { actorOf, Principal, TIME_SOURCE, TimeSource, UnitOfWork, ValidationFailedError } from '@yekuo/platform';
import { InspectionCase } from '../inspection-case/inspection-case.entity';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { RecordConstructionStartInput } from './construction.inputs';
import { todayIn, UTILITY_TIME_ZONE } from './started-on.rule';

/**
 * Construction (施工) is the customer's business, by a unit they choose freely; inspection
 * only records when it started and by whom. The catalog has no event for it, so the
 * record goes to the case's audit chain alone.
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
    });
  }
}
