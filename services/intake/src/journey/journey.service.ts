import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CloudEvent, CustomerCategory, NextAction, Role, ROLES } from '@yekuo/events';
import {
  groupedByKey,
  hasRole,
  isInstantText,
  isUuid,
  loadOneBy,
  pageArgs,
  Principal,
  requestLoader,
  TIME_SOURCE,
  TimeSource,
  toPage,
} from '@yekuo/platform';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { SupervisedClock } from '../supervision/supervised-clock.entity';
import { compareEvents, deriveJourney, Journey, JourneyEvent, journeyHeadAt, summarizeJourney } from './journey';
import { JourneyCase } from './journey-event.entity';
import { JourneyOpenAction } from './journey-open-action.entity';
import { CUSTOMER_SIDE_ROLES } from './journey-policy';
import { CaseJourneyHead, JourneyCurrentStep, WorkItem, WorkItemConnection } from './journey.model';
import { CaseAction, variantNaming } from './open-actions';
import { END_TO_END_CLOCK } from './end-to-end-clock';

/** The inbox consumer name of the journey projection. */
export const JOURNEY_CONSUMER = 'intake.journey';

/** Roles that hold actions of their own: `myWork` lists theirs (auditors and admins hold none). */
export const WORK_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'auditor' && role !== 'admin');

/** A work list's keyset position: `[dueOrder ('infinity' or ISO 8601), since, caseId, code]`. */
interface WorkPosition {
  dueOrder: string;
  since: string;
  caseId: string;
  code: string;
}
const parseWorkPosition = (value: unknown): WorkPosition | undefined => {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((part) => typeof part === 'string')) return undefined;
  const [dueOrder, since, caseId, code]: string[] = value;
  const valid = (dueOrder === 'infinity' || isInstantText(dueOrder)) && isInstantText(since) && isUuid(caseId) && /^[A-Z_]+$/.test(code);
  return valid ? { dueOrder, since, caseId, code } : undefined;
};

/** An event as the facts statement returns it (JSON: its time a string). */
type RawJourneyEvent = Omit<JourneyEvent, 'time'> & { time: string };
const fromJson = (raw: RawJourneyEvent): JourneyEvent => ({ ...raw, time: new Date(raw.time) });

/** What recording an event derived: the stage, every event of the case in order, its open actions, and the case as intake holds it (null before it does). */
export interface JourneyApplied {
  stage: string;
  events: readonly JourneyEvent[];
  openActions: readonly CaseAction[];
  connectionCase: { category: CustomerCategory; regionCode: string | null; policyVersion: string } | null;
  /** The case's END_TO_END clock as the journey found it (null before acceptance), for EndToEndClockService. */
  endToEnd: EndToEndClockState | null;
}

/** The END_TO_END clock's row: its state and the end of its last pause. */
export interface EndToEndClockState {
  id: string;
  state: string;
  lastPauseEnd: Date | null;
}

/** The journey case as its row lock reads it. */
type LockedJourneyCase = Pick<JourneyCase, 'caseId' | 'caseNumber' | 'customerId' | 'category' | 'summary'>;

/** The case as intake holds it, read beside the journey's events. */
interface ConnectionCaseFacts {
  category: CustomerCategory;
  region_code: string | null;
  policy_version: string;
  stage: string;
  process_variant: string | null;
}

/** What a derivation reads besides the lock: the recorded events, intake's case, the regions its open-action rows carry. */
interface RecordedFacts {
  events: JourneyEvent[];
  current: ConnectionCaseFacts | null;
  actionRegions: (string | null)[];
  endToEnd: EndToEndClockState | null;
}

/** One row of the facts statement, as JSON. */
interface FactsRow {
  current: ConnectionCaseFacts | null;
  events: RawJourneyEvent[];
  action_regions: (string | null)[];
  end_to_end: { id: string; state: string; last_pause_end: string | null } | null;
}

const factsOfRow = (row: FactsRow): RecordedFacts => ({
  events: row.events.map(fromJson),
  current: row.current,
  actionRegions: row.action_regions,
  endToEnd: row.end_to_end && {
    id: row.end_to_end.id,
    state: row.end_to_end.state,
    lastPauseEnd: row.end_to_end.last_pause_end ? new Date(row.end_to_end.last_pause_end) : null,
  },
});

/** Every event recorded for case `$1`, as a JSON array (a journey read replays them). */
const EVENTS_OF_CASE = `(SELECT coalesce(json_agg(json_build_object('id', event_id, 'type', type, 'time', time, 'actor', actor, 'nextAction', next_action, 'data', data)), '[]')
   FROM journey_event WHERE case_id = $1) AS events`;
/**
 * What a derivation reads of case `$1`, in one statement: intake's case, the events, the regions its
 * open-action rows carry and its END_TO_END clock. `record` puts the event's insert in front of it;
 * a row a statement inserts is not visible to its own query, so `record` adds a newly recorded event
 * from the message.
 */
const FACTS_OF_CASE = `
  (SELECT row_to_json(c) FROM (SELECT category, region_code, policy_version, stage, process_variant FROM connection_case WHERE id = $1) c) AS current,
  ${EVENTS_OF_CASE},
  (SELECT coalesce(json_agg(DISTINCT region_code), '[]') FROM journey_open_action WHERE case_id = $1) AS action_regions,
  (SELECT row_to_json(k) FROM (
     SELECT c.id, c.state, (SELECT max(p.paused_to) FROM stage_clock_pause p WHERE p.clock_id = c.id) AS last_pause_end
     FROM stage_clock c WHERE c.case_id = $1 AND c.stage = '${END_TO_END_CLOCK}' AND c.round = 1) k) AS end_to_end`;

const LOCK_JOURNEY_CASE = `SELECT case_id AS "caseId", case_number AS "caseNumber", customer_id AS "customerId", category, summary
  FROM journey_case WHERE case_id = $1 FOR UPDATE`;

/**
 * Records every event of the catalog against its case and derives the journey from the recorded
 * facts. The stage is derived again under the row lock of the journey case, from every event
 * recorded so far, so events arriving in any order and at once leave the same stage.
 */
@Injectable()
export class JourneyService implements OnApplicationBootstrap {
  private readonly logger = new Logger(JourneyService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /**
   * Records `event` into its case's journey and derives the journey again; what it derived, for the
   * END_TO_END clock in the same transaction. Five statements when the case is known: the lock, the
   * event with the facts, the head, and the open-action rows only when they changed.
   */
  async record(manager: EntityManager, event: CloudEvent): Promise<JourneyApplied> {
    const data = event.data;
    let journeyCase = (await manager.query<LockedJourneyCase[]>(LOCK_JOURNEY_CASE, [data.caseId]))[0];
    if (!journeyCase) {
      await manager.query(
        `INSERT INTO journey_case (case_id, case_number, customer_id, category, policy_version, current_stage, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'APPLICATION', now()) ON CONFLICT DO NOTHING`,
        [data.caseId, data.caseNumber, data.customerId, data.category, data.policyVersion],
      );
      [journeyCase] = await manager.query<LockedJourneyCase[]>(LOCK_JOURNEY_CASE, [data.caseId]);
    }
    const { actor, nextAction } = data;
    const [row] = await manager.query<FactsRow[]>(
      `WITH recorded AS (
         INSERT INTO journey_event (event_id, case_id, type, time, actor, next_action, data) VALUES ($2, $1, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT ${FACTS_OF_CASE}`,
      [data.caseId, event.id, event.type, event.time, actor, nextAction ?? null, data],
    );
    const facts = factsOfRow(row);
    if (!facts.events.some((recorded) => recorded.id === event.id)) {
      facts.events.push({ id: event.id, type: event.type, time: new Date(event.time), actor, nextAction: nextAction ?? null, data });
    }
    const regionFromEvent = typeof data.regionCode === 'string' ? data.regionCode : null;
    return this.rederive(manager, journeyCase, regionFromEvent, facts);
  }

  /** The facts of a case whose events are all recorded. */
  private async factsOf(manager: EntityManager, caseId: string): Promise<RecordedFacts> {
    const [row] = await manager.query<FactsRow[]>(`SELECT ${FACTS_OF_CASE}`, [caseId]);
    return factsOfRow(row);
  }

  /**
   * Derives the case's journey again from every event recorded for it, under the journey case's row
   * lock (the caller holds it): its head, its open-action rows and the stage staff search reads.
   */
  private async rederive(
    manager: EntityManager,
    journeyCase: LockedJourneyCase,
    regionFromEvent: string | null,
    { events: recorded, current, actionRegions, endToEnd }: RecordedFacts,
  ): Promise<JourneyApplied> {
    const caseId = journeyCase.caseId;
    // The case's category as it stands now: a clerk may have overridden the one the first event carried.
    // Its stage and variant too, so that the columns below are written only when they change.
    const category = current?.category ?? journeyCase.category;
    const regionCode = current?.region_code ?? regionFromEvent;
    const events = recorded.sort(compareEvents);
    const summary = summarizeJourney(category, events, { regionCode });
    const stage = summary.currentStage;
    const openActions = summary.openActions ?? [];
    await manager.query('UPDATE journey_case SET current_stage = $2, category = $3, summary = $4, updated_at = $5 WHERE case_id = $1', [
      caseId,
      stage,
      category,
      JSON.stringify(summary),
      this.time.now(),
    ]);
    const kept = journeyCase.summary?.openActions;
    const unchanged =
      kept !== undefined &&
      journeyCase.category === category &&
      isDeepStrictEqual(actionRegions, openActions.length > 0 ? [regionCode] : []) &&
      isDeepStrictEqual(kept, JSON.parse(JSON.stringify(openActions)));
    if (!unchanged) await this.keepOpenActions(manager, journeyCase, category, regionCode, openActions);
    // Staff search filters cases by stage through this column. A withdrawal or archive written there by
    // the case itself is final: an older event still in flight must not move the case back.
    if (current && current.stage !== stage) {
      await manager.query(
        `UPDATE connection_case SET stage = $2 WHERE id = $1 AND stage IS DISTINCT FROM $2 AND stage NOT IN ('WITHDRAWN', 'ARCHIVED')`,
        [caseId, stage],
      );
    }
    if (current) await this.keepProcessVariant(manager, caseId, events, current.process_variant);
    return {
      stage,
      events,
      openActions,
      endToEnd,
      connectionCase: current
        ? { category: current.category, regionCode: current.region_code, policyVersion: current.policy_version }
        : null,
    };
  }

  /**
   * The case walks the variant planning's latest reply or confirmation names, when that is the latest
   * word on it (a case leaves 三零 when its scheme no longer qualifies); the acceptance's was stored
   * when intake accepted the case.
   */
  private async keepProcessVariant(
    manager: EntityManager,
    caseId: string,
    sorted: readonly JourneyEvent[],
    current: string | null,
  ): Promise<void> {
    const named = variantNaming(sorted);
    if (!named || named.event.type === 'intake.application.accepted.v1' || named.name === current) return;
    await manager.query('UPDATE connection_case SET process_variant = $2 WHERE id = $1 AND process_variant IS DISTINCT FROM $2', [
      caseId,
      named.name,
    ]);
  }

  /**
   * Derives once more, at start, the journey of every case whose head was kept before open actions
   * or links were derived (a summary without `openActions` or `links`), so work lists show them and
   * reads need no replay without waiting for the case's next event. Batch by batch, each under its
   * cases' row locks; a case another instance is deriving is skipped (that instance keeps it).
   */
  async onApplicationBootstrap(): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    let refreshed = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const stale = await manager.query<{ case_id: string }[]>(
          `SELECT case_id FROM journey_case WHERE case_id > $1 AND (summary IS NULL OR NOT summary ?& array['openActions', 'links'])
           ORDER BY case_id LIMIT 200 FOR UPDATE SKIP LOCKED`,
          [after],
        );
        for (const { case_id: caseId } of stale) {
          const journeyCase = await manager.findOneByOrFail(JourneyCase, { caseId });
          const facts = await this.factsOf(manager, caseId);
          if (facts.events.length > 0) await this.rederive(manager, journeyCase, null, facts);
        }
        return stale.map((row) => row.case_id);
      });
      if (batch.length === 0) break;
      refreshed += batch.length;
      after = batch[batch.length - 1];
    }
    if (refreshed > 0) this.logger.log(`derived the open actions and links of ${refreshed} cases recorded before both were kept`);
  }

  /** Replaces the case's open-action rows (the work lists read them) with the ones just derived. */
  private async keepOpenActions(
    manager: EntityManager,
    journeyCase: LockedJourneyCase,
    category: CustomerCategory,
    regionCode: string | null,
    actions: readonly CaseAction[],
  ): Promise<void> {
    await manager.delete(JourneyOpenAction, { caseId: journeyCase.caseId });
    if (actions.length === 0) return;
    await manager.insert(
      JourneyOpenAction,
      actions.map((action) => ({
        caseId: journeyCase.caseId,
        code: action.code,
        role: action.role,
        team: action.team,
        regionCode,
        customerId: journeyCase.customerId,
        caseNumber: journeyCase.caseNumber,
        category,
        description: action.description,
        since: action.since,
        due: action.due,
        dueOrder: () => (action.due ? `'${new Date(action.due).toISOString()}'::timestamptz` : `'infinity'::timestamptz`),
        clock: action.clock,
      })),
    );
  }

  async derive(manager: EntityManager, caseId: string, category: CustomerCategory): Promise<Journey> {
    const [row] = await manager.query<{ region_code: string | null; events: RawJourneyEvent[] }[]>(
      `SELECT (SELECT region_code FROM connection_case WHERE id = $1) AS region_code, ${EVENTS_OF_CASE}`,
      [caseId],
    );
    return deriveJourney(category, row.events.map(fromJson), this.time.now(), { regionCode: row.region_code });
  }

  /** The most urgent open action of the case. */
  async nextActionOf(manager: EntityManager, caseId: string, category: CustomerCategory): Promise<NextAction | null> {
    return (await this.derive(manager, caseId, category)).nextAction;
  }

  /** Every open action of the case, most urgent first (tickets are routed by them). */
  async openActionsOf(manager: EntityManager, caseId: string, category: CustomerCategory): Promise<CaseAction[]> {
    return (await this.derive(manager, caseId, category)).openActions;
  }

  /**
   * The open actions across cases the caller holds, earliest due first (those without a due time
   * last), one query per page. Staff: the actions of their roles, of their team when the token
   * names one (or naming no team), in their regions when the token lists any (or of no known
   * region); a supervisor: every utility action so filtered. A customer: the customer's actions
   * on their own cases; an agent: on the cases of the customers it acts for.
   */
  async myWork(principal: Principal, first: number, after: string | undefined): Promise<WorkItemConnection> {
    const page = pageArgs(first, after, parseWorkPosition);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const who: string[] = [];
    if (hasRole(principal, 'customer')) who.push(`(a.role = 'customer' AND a.customer_id = ${param(principal.sub)})`);
    if (hasRole(principal, 'agent')) who.push(`(a.role = 'customer' AND a.customer_id = ANY(${param(principal.actsFor)}::uuid[]))`);
    const staffRoles = principal.roles.filter((role) => !CUSTOMER_SIDE_ROLES.includes(role) && role !== 'supervisor');
    const staff: string[] = [];
    if (staffRoles.length > 0) staff.push(`a.role = ANY(${param(staffRoles)}::text[])`);
    if (hasRole(principal, 'supervisor')) staff.push(`a.role <> ALL(${param(CUSTOMER_SIDE_ROLES)}::text[])`);
    if (staff.length > 0) {
      const scope = [`(${staff.join(' OR ')})`];
      if (principal.team) scope.push(`(a.team = ${param(principal.team)} OR a.team IS NULL)`);
      if (principal.regions.length > 0) scope.push(`(a.region_code = ANY(${param(principal.regions)}::text[]) OR a.region_code IS NULL)`);
      who.push(`(${scope.join(' AND ')})`);
    }
    if (who.length === 0) return toPage<WorkItem>([], page.first, () => null);
    const where = [`(${who.join(' OR ')})`];
    if (page.after) {
      const { dueOrder, since, caseId, code } = page.after;
      where.push(
        `(a.due_order, a.since, a.case_id, a.code) > (${param(dueOrder)}::timestamptz, ${param(since)}::timestamptz, ${param(caseId)}::uuid, ${param(code)})`,
      );
    }
    const rows = await this.dataSource.manager.query<
      {
        case_id: string;
        case_number: string;
        category: string;
        region_code: string | null;
        code: string;
        role: Role;
        team: string | null;
        description: string;
        since: Date;
        due: Date | null;
        clock: CaseAction['clock'];
      }[]
    >(
      `SELECT a.case_id, a.case_number, a.category, a.region_code, a.code, a.role, a.team, a.description, a.since, a.due, a.clock
       FROM journey_open_action a WHERE ${where.join(' AND ')}
       ORDER BY a.due_order, a.since, a.case_id, a.code LIMIT ${param(page.first + 1)}`,
      params,
    );
    const items: WorkItem[] = rows.map((row) => ({
      caseId: row.case_id,
      caseNumber: row.case_number,
      category: row.category,
      regionCode: row.region_code,
      action: {
        code: row.code as CaseAction['code'],
        role: row.role,
        team: row.team,
        description: row.description,
        since: row.since,
        due: row.due,
        clock: row.clock ? { ...row.clock, deadline: new Date(row.clock.deadline) } : null,
      },
    }));
    return toPage(items, page.first, (item) => [
      item.action.due ? item.action.due.toISOString() : 'infinity',
      item.action.since.toISOString(),
      item.caseId,
      item.action.code,
    ]);
  }

  /**
   * The journey of a case. Its head (stage, next action, utility and customer time) comes from the
   * summary kept on the journey case; the events are read and replayed only when a field that
   * needs them (steps, what waits on the customer, fees, cancellations) is asked, once per read.
   * The summary and the running step clock are read through the request's loaders: a page of cases
   * reads each table once, not once per case. `fromEvents` (a read that asks for a field the events
   * give) takes the head from the same replay instead of the summary: an event committed between
   * two reads would otherwise show in the steps and not yet in the head.
   */
  async journeyOf(
    caseId: string,
    category: CustomerCategory,
    principal?: Principal,
    { fromEvents = false }: { fromEvents?: boolean } = {},
  ): Promise<CaseJourneyHead> {
    const manager = this.dataSource.manager;
    const [kept, clock] = await Promise.all([
      fromEvents ? null : loadOneBy(principal, manager, JourneyCase, 'caseId', caseId),
      requestLoader<string, SupervisedClock | null>(principal, 'running-step-clock', async (keys) =>
        groupedByKey(
          keys,
          await manager.find(SupervisedClock, {
            // The END_TO_END clock spans the whole case: it is the journey's endToEndClock, never its current step.
            where: { caseId: In([...keys]), stoppedAt: IsNull(), stage: Not(END_TO_END_CLOCK) },
            select: { clockId: true, caseId: true, stage: true, deadline: true, provisional: true, termsAt: true },
            order: { termsAt: 'DESC' },
          }),
          (running) => running.caseId,
        ).map((running) => running[0] ?? null),
      ).load(caseId),
    ]);
    let replayed: Promise<Journey> | undefined;
    const replay = () => (replayed ??= this.derive(manager, caseId, category));
    // A summary kept before open actions or links were derived is replayed, so such a case shows them too.
    const stored = kept?.summary;
    const summary = stored?.category === category && stored.openActions && stored.links ? stored : null;
    const journey = summary ? journeyHeadAt(summary, this.time.now()) : await replay();
    const now = this.time.now();
    const terminal = journey.currentStage === 'WITHDRAWN' || journey.currentStage === 'ARCHIVED';
    const currentStep: JourneyCurrentStep | null =
      clock && !terminal
        ? {
            stage: clock.stage,
            deadline: clock.deadline,
            provisional: clock.provisional,
            remainingSeconds: Math.floor((clock.deadline.getTime() - now.getTime()) / 1000),
          }
        : null;
    return {
      caseId,
      currentStage: journey.currentStage,
      links: journey.links,
      nextAction: journey.nextAction ? { ...journey.nextAction, team: journey.nextAction.team ?? null } : null,
      openActions: journey.openActions,
      utilityTimeSeconds: journey.utilityTimeSeconds,
      customerTimeSeconds: journey.customerTimeSeconds,
      currentStep,
      detail: replay,
    };
  }
}
