import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, CustomerCategory, NextAction } from '@yekuo/events';
import { TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { SupervisedClock } from '../supervision/supervised-clock.entity';
import { deriveJourney, Journey, JourneyEvent, journeyHeadAt, JourneySummary, summarizeJourney } from './journey';
import { JourneyCase, JourneyEventRecord } from './journey-event.entity';
import { CaseJourneyHead, JourneyCurrentStep } from './journey.model';

/** The inbox consumer name of the journey projection. */
export const JOURNEY_CONSUMER = 'intake.journey';

const toJourneyEvent = (record: JourneyEventRecord): JourneyEvent => ({
  id: record.eventId,
  type: record.type,
  time: record.time,
  actor: record.actor,
  nextAction: record.nextAction,
  data: record.data,
});

/**
 * Records every event of the catalog against its case and derives the journey from the recorded
 * facts. The stage is derived again under the row lock of the journey case, from every event
 * recorded so far, so events arriving in any order and at once leave the same stage.
 */
@Injectable()
export class JourneyService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  async record(manager: EntityManager, event: CloudEvent): Promise<string> {
    const data = event.data;
    await manager.query(
      `INSERT INTO journey_case (case_id, case_number, customer_id, category, policy_version, current_stage, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'APPLICATION', now()) ON CONFLICT DO NOTHING`,
      [data.caseId, data.caseNumber, data.customerId, data.category, data.policyVersion],
    );
    const journeyCase = await manager.findOneOrFail(JourneyCase, { where: { caseId: data.caseId }, lock: { mode: 'pessimistic_write' } });
    const { actor, nextAction } = data;
    await manager.query(
      `INSERT INTO journey_event (event_id, case_id, type, time, actor, next_action, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [event.id, data.caseId, event.type, event.time, actor, nextAction ?? null, data],
    );
    const recorded = await manager.find(JourneyEventRecord, {
      where: { caseId: data.caseId },
      select: { eventId: true, type: true, time: true, actor: true, nextAction: true, data: true },
    });
    // The case's category as it stands now: a clerk may have overridden the one the first event carried.
    const [current] = await manager.query<{ category: CustomerCategory }[]>('SELECT category FROM connection_case WHERE id = $1', [
      data.caseId,
    ]);
    const category = current?.category ?? journeyCase.category;
    const summary = summarizeJourney(category, recorded.map(toJourneyEvent));
    const stage = summary.currentStage;
    await manager.update(JourneyCase, { caseId: data.caseId }, { currentStage: stage, category, summary, updatedAt: this.time.now() });
    // Staff search filters cases by stage through this column. A withdrawal or archive written there by
    // the case itself is final: an older event still in flight must not move the case back.
    await manager.query(
      `UPDATE connection_case SET stage = $2 WHERE id = $1 AND stage IS DISTINCT FROM $2 AND stage NOT IN ('WITHDRAWN', 'ARCHIVED')`,
      [data.caseId, stage],
    );
    return stage;
  }

  async derive(manager: EntityManager, caseId: string, category: CustomerCategory): Promise<Journey> {
    const records = await manager.find(JourneyEventRecord, { where: { caseId } });
    return deriveJourney(category, records.map(toJourneyEvent), this.time.now());
  }

  /** The latest next action the stage events named (tickets are routed by it). */
  async nextActionOf(manager: EntityManager, caseId: string, category: CustomerCategory): Promise<NextAction | null> {
    return (await this.derive(manager, caseId, category)).nextAction;
  }

  /**
   * The journey of a case. Its head (stage, next action, utility and customer time) comes from the
   * summary kept on the journey case; the events are read and replayed only when a field that
   * needs them (steps, what waits on the customer, fees, cancellations) is asked, once per read.
   */
  async journeyOf(caseId: string, category: CustomerCategory): Promise<CaseJourneyHead> {
    const manager = this.dataSource.manager;
    const [row] = await manager.query<{ summary: JourneySummary | null }[]>('SELECT summary FROM journey_case WHERE case_id = $1', [
      caseId,
    ]);
    let replayed: Promise<Journey> | undefined;
    const replay = () => (replayed ??= this.derive(manager, caseId, category));
    const summary = row?.summary?.category === category ? row.summary : null;
    const journey = summary ? journeyHeadAt(summary, this.time.now()) : await replay();
    const running = await manager.find(SupervisedClock, {
      where: { caseId, stoppedAt: IsNull() },
      order: { termsAt: 'DESC' },
      take: 1,
    });
    const now = this.time.now();
    const terminal = journey.currentStage === 'WITHDRAWN' || journey.currentStage === 'ARCHIVED';
    const currentStep: JourneyCurrentStep | null =
      running.length > 0 && !terminal
        ? {
            stage: running[0].stage,
            deadline: running[0].deadline,
            provisional: running[0].provisional,
            remainingSeconds: Math.floor((running[0].deadline.getTime() - now.getTime()) / 1000),
          }
        : null;
    return {
      currentStage: journey.currentStage,
      nextAction: journey.nextAction ? { ...journey.nextAction, team: journey.nextAction.team ?? null } : null,
      utilityTimeSeconds: journey.utilityTimeSeconds,
      customerTimeSeconds: journey.customerTimeSeconds,
      currentStep,
      detail: replay,
    };
  }
}
