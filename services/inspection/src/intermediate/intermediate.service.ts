import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, ConflictError, loadAllBy, Principal, UnitOfWork, ValidationFailedError } from '@yekuo/platform';
import { casePayloadOf } from '@yekuo/events';
import { StageClock } from '@yekuo/timelimits';
import { DataSource, EntityManager, FindOptionsOrder, In } from 'typeorm';
import { endCustomerWait, startCustomerWait } from '../customer-time/customer-wait';
import type { CustomerTime } from '../customer-time/customer-wait.model';
import { INSPECTION_ROLES } from '../inspection-case/inspection-roles';
import { InspectionCaseService } from '../inspection-case/inspection-case.service';
import { inspectionNextActions } from '../inspection-case/next-action.policy';
import { InspectionClocks } from '../time-limits/inspection-clocks';
import { InspectedItem, IntermediateInspectionRecord } from './intermediate-inspection.entity';
import {
  intermediateCustomerTimeOf,
  IntermediateInspectionView,
  intermediateInspectionViewOf,
  IntermediateRectificationItem,
  rectificationItemsOf,
} from './intermediate-inspection.model';
import {
  intermediateItemsErrors,
  itemKey,
  RecordIntermediateInspectionInput,
  reinspectionScopeErrors,
  RequestIntermediateInspectionInput,
} from './intermediate.inputs';
import { RectificationItem } from './rectification-item.entity';

/** Rectification items in the order they were raised (and by item within a round). */
const RAISED_ORDER: FindOptionsOrder<RectificationItem> = { raisedAt: 'ASC', item: 'ASC' };

/**
 * Intermediate inspection (中间检查) of concealed works, where the process variant walks it:
 * items PASS or FAIL; failures become rectification items; the customer's next request
 * reports them rectified, and the re-inspection covers exactly the open items.
 */
@Injectable()
export class IntermediateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: InspectionCaseService,
    private readonly clocks: InspectionClocks,
  ) {}

  /** A request is recorded in the case's audit chain and announced as `inspection.intermediate.requested.v1`. */
  async request(principal: Principal, input: RequestIntermediateInspectionInput): Promise<void> {
    await this.unitOfWork.run(async (work) => {
      const { copy: inspectionCase, next } = await this.cases.lockFor(
        work.manager,
        principal,
        input.caseId,
        'requestIntermediateInspection',
      );
      const actor = actorOf(principal, INSPECTION_ROLES.requestIntermediateInspection);
      const previous = await this.latest(work.manager, inspectionCase.caseId);
      const open = await this.openItems(work.manager, inspectionCase.caseId);
      const requestedAt = this.clocks.now();
      const record = work.manager.create(IntermediateInspectionRecord, {
        id: randomUUID(),
        caseId: inspectionCase.caseId,
        round: (previous?.round ?? 0) + 1,
        requestedBy: principal.sub,
        requestedAt,
        scope: open.map((o) => o.item),
        rectificationNote: input.rectificationNote?.trim() ?? null,
        result: null,
        items: [],
      });
      await work.manager.insert(IntermediateInspectionRecord, record);
      await endCustomerWait(work.manager, inspectionCase.caseId, 'INTERMEDIATE_INSPECTION', principal.sub, requestedAt);
      await this.cases.moveTo(work.manager, inspectionCase, next);
      await work.audit({
        caseId: inspectionCase.caseId,
        actor,
        action: 'inspection.intermediate.requested',
        data: { round: record.round, scope: record.scope, rectificationNote: record.rectificationNote, status: next },
      });
      await work.publish('inspection.intermediate.requested.v1', {
        ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).intermediateRequested(record.round)),
        actions: { closes: ['REQUEST_INTERMEDIATE_INSPECTION'], opens: ['INSPECT_INTERMEDIATE'] },
        round: record.round,
        scope: record.scope,
      });
      // Each request, a re-inspection's included, is timed on its own from the customer's request.
      await this.clocks.start(work, inspectionCase, { stage: 'INTERMEDIATE_INSPECTION', round: record.round }, requestedAt, actor);
    });
  }

  async record(principal: Principal, input: RecordIntermediateInspectionInput): Promise<void> {
    const itemErrors = intermediateItemsErrors(input.items);
    if (itemErrors.length > 0) throw new ValidationFailedError(itemErrors);
    const items: InspectedItem[] = input.items.map((i) => ({ item: itemKey(i.item), result: i.result, note: i.note?.trim() ?? null }));
    const passed = items.every((i) => i.result === 'PASS');
    await this.unitOfWork.run(async (work) => {
      const action = passed ? 'passIntermediateInspection' : 'failIntermediateInspection';
      const { copy: inspectionCase, next } = await this.cases.lockFor(work.manager, principal, input.caseId, action);
      const actor = actorOf(principal, INSPECTION_ROLES.recordIntermediateInspection);
      const record = await this.latest(work.manager, inspectionCase.caseId);
      if (!record || record.result !== null) {
        throw new ConflictError(`Case ${input.caseId} has no intermediate inspection awaiting a result`);
      }
      const scopeErrors = reinspectionScopeErrors(record.scope, items);
      if (scopeErrors.length > 0) throw new ValidationFailedError(scopeErrors);

      const recordedAt = this.clocks.now();
      await work.manager.update(
        IntermediateInspectionRecord,
        { id: record.id },
        { result: passed ? 'PASSED' : 'FAILED', items, recordedBy: principal.sub, recordedAt },
      );
      const open = await this.openItems(work.manager, inspectionCase.caseId);
      const openByKey = new Map(open.map((o) => [o.item.toLowerCase(), o]));
      const resolved = items.filter((i) => i.result === 'PASS').flatMap((i) => openByKey.get(i.item.toLowerCase()) ?? []);
      if (resolved.length > 0) {
        await work.manager.update(
          RectificationItem,
          { id: In(resolved.map((r) => r.id)) },
          { status: 'RESOLVED', resolvedRound: record.round, closedAt: recordedAt },
        );
      }
      // A failure of an item already open keeps it open; a new failure raises a rectification item.
      const raised = items.filter((i) => i.result === 'FAIL' && !openByKey.has(i.item.toLowerCase()));
      for (const failure of raised) {
        await work.manager.insert(RectificationItem, {
          id: randomUUID(),
          caseId: inspectionCase.caseId,
          item: failure.item,
          note: failure.note,
          raisedRound: record.round,
          raisedAt: recordedAt,
          status: 'OPEN',
          resolvedRound: null,
          closedAt: null,
        });
      }
      await this.cases.moveTo(work.manager, inspectionCase, next);
      if (passed) {
        await work.publish('inspection.intermediate.passed.v1', {
          ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).intermediatePassed()),
          round: record.round,
        });
      } else {
        const failed = items.filter((i) => i.result === 'FAIL');
        await startCustomerWait(work.manager, {
          caseId: inspectionCase.caseId,
          stage: 'INTERMEDIATE_INSPECTION',
          round: record.round,
          reason: `Intermediate inspection round ${record.round} failed ${failed.length} item(s)`,
          at: recordedAt,
        });
        await work.publish('inspection.intermediate.failed.v1', {
          ...casePayloadOf(inspectionCase, actor, inspectionNextActions(inspectionCase.regionCode).intermediateFailed(record.round)),
          round: record.round,
          items: failed.map((i) => i.item),
        });
      }
      // Passed or failed, the result is recorded: the request's clock stops.
      await this.clocks.stop(
        work,
        { caseId: inspectionCase.caseId, stage: 'INTERMEDIATE_INSPECTION', round: record.round },
        recordedAt,
        actor,
      );
    });
  }

  /**
   * Every inspection of the case, oldest first, as its records show them; the rectification items, the
   * customer's time and the clocks are read by the fields that show them, only when asked.
   */
  async inspectionsOf(caseId: string, principal?: Principal): Promise<IntermediateInspectionView[]> {
    const records = await this.cases.loadStage(principal, IntermediateInspectionRecord, caseId, { round: 'ASC' });
    return records.map(intermediateInspectionViewOf);
  }

  /** The rectification items the inspection failed, with where each stands now. */
  async rectificationItemsOf(inspection: IntermediateInspectionView, principal?: Principal): Promise<IntermediateRectificationItem[]> {
    const manager = this.dataSource.manager;
    const rectifications = await loadAllBy(principal, manager, RectificationItem, 'caseId', inspection.caseId, RAISED_ORDER);
    return rectificationItemsOf(rectifications, inspection.round);
  }

  /** After a failure: the customer's time until the re-inspection request. */
  async customerTimeOf(inspection: IntermediateInspectionView, principal?: Principal): Promise<CustomerTime | null> {
    return intermediateCustomerTimeOf(await this.cases.customerWaits(principal, inspection.caseId), inspection.round);
  }

  /** The clock of the inspection's request; null when none was kept for it. */
  clockOf(inspection: IntermediateInspectionView, principal?: Principal): Promise<StageClock | null> {
    return this.clocks.ofRound({ caseId: inspection.caseId, stage: 'INTERMEDIATE_INSPECTION', round: inspection.round }, principal);
  }

  private openItems(manager: EntityManager, caseId: string): Promise<RectificationItem[]> {
    return manager.find(RectificationItem, { where: { caseId, status: 'OPEN' }, order: RAISED_ORDER });
  }

  private async latest(manager: EntityManager, caseId: string): Promise<IntermediateInspectionRecord | null> {
    const [latest] = await manager.find(IntermediateInspectionRecord, { where: { caseId }, order: { round: 'DESC' }, take: 1 });
    return latest ?? null;
  }
}
