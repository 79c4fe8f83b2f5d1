import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, casePayloadOf, ConflictError, Principal, UnitOfWork, ValidationFailedError } from '@yekuo/shared';
import { DataSource, EntityManager } from 'typeorm';
import { trimmed } from '../common/input-rules';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { INSPECTION_NEXT_ACTIONS } from '../inspection-case/next-action.policy';
import { IntermediateInspectionRecord } from './intermediate-inspection.entity';
import { IntermediateInspection, intermediateInspectionOf } from './intermediate-inspection.model';
import { intermediateResultErrors, RecordIntermediateInspectionInput, RequestIntermediateInspectionInput } from './intermediate.inputs';

/** Intermediate inspection (中间检查) of concealed works, where the process variant walks it. */
@Injectable()
export class IntermediateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
  ) {}

  /** The catalog has no event for a request: it is recorded in the case's audit chain. */
  async request(principal: Principal, input: RequestIntermediateInspectionInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, 'requestIntermediateInspection');
      const actor = actorOf(principal, INSPECTION_ROLES.requestIntermediateInspection);
      const previous = await this.latest(work.manager, inspectionCase.caseId);
      const record = work.manager.create(IntermediateInspectionRecord, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: (previous?.round ?? 0) + 1,
        requestedBy: principal.sub,
        requestedAt: new Date(),
        result: null,
        items: [],
      });
      await work.manager.insert(IntermediateInspectionRecord, record);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.audit({
        caseId: inspectionCase.caseId,
        actor,
        action: 'inspection.intermediate.requested',
        data: { round: record.round, status: next },
      });
    });
  }

  async record(principal: Principal, input: RecordIntermediateInspectionInput): Promise<void> {
    const errors = intermediateResultErrors(input);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const items = trimmed(input.failedItems);
    await this.unitOfWork.run(async (work) => {
      const action = input.passed ? 'passIntermediateInspection' : 'failIntermediateInspection';
      const { inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, action);
      const actor = actorOf(principal, INSPECTION_ROLES.recordIntermediateInspection);
      const record = await this.latest(work.manager, inspectionCase.caseId);
      if (!record || record.result !== null) {
        throw new ConflictError(`Case ${input.caseId} has no intermediate inspection awaiting a result`);
      }
      await work.manager.update(
        IntermediateInspectionRecord,
        { id: record.id },
        { result: input.passed ? 'PASSED' : 'FAILED', items, recordedBy: principal.sub, recordedAt: new Date() },
      );
      await this.cases.moveTo(work.manager, inspectionCase, next);
      if (input.passed) {
        await work.publish('inspection.intermediate.passed.v1', {
          ...casePayloadOf(inspectionCase, actor, INSPECTION_NEXT_ACTIONS.intermediatePassed()),
          round: record.round,
        });
      } else {
        await work.publish('inspection.intermediate.failed.v1', {
          ...casePayloadOf(inspectionCase, actor, INSPECTION_NEXT_ACTIONS.intermediateFailed(record.round)),
          round: record.round,
          items,
        });
      }
    });
  }

  /** Every inspection of the case, oldest first. */
  async inspectionsOf(caseId: string): Promise<IntermediateInspection[]> {
    const records = await this.dataSource.manager.find(IntermediateInspectionRecord, { where: { caseId }, order: { round: 'ASC' } });
    return records.map(intermediateInspectionOf);
  }

  private async latest(manager: EntityManager, caseId: string): Promise<IntermediateInspectionRecord | null> {
    const [latest] = await manager.find(IntermediateInspectionRecord, { where: { caseId }, order: { round: 'DESC' }, take: 1 });
    return latest ?? null;
  }
}
