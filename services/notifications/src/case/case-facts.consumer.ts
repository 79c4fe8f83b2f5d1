import { Controller } from '@nestjs/common';
import { CASE_EVENT_TYPES, CaseActionCode, CaseEventType, CloudEvent, EventPayload } from '@yekuo/events';
import { ConsumeEvent, EventOutcome, Work } from '@yekuo/platform';
import { actionsOf } from '@yekuo/policy';
import { EntityManager } from 'typeorm';
import { closedSince, Notifier } from '../notify/notifier';
import { NotificationCase } from './notification-case.entity';

type AnyCaseEvent = CloudEvent<CaseEventType>;

/** An event as the rules read it: its case, its time and the work it opens, in the consumer's transaction. */
interface Seen {
  manager: EntityManager;
  event: AnyCaseEvent;
  copy: NotificationCase;
  at: Date;
  opens: readonly CaseActionCode[];
}

const isWithdrawal = (type: string) => type === 'intake.application.withdrawn.v1' || type.endsWith('.case.cancelled.v1');
const isClock = (type: string) => /\.timelimit\.(started|stopped)\.v[12]$/.test(type);

/**
 * Reads every case event of the catalog: keeps what the service needs to address a case (whose it
 * is, who acts for them, its region), the work and clocks open on it (as facts, in any order),
 * and tells the people each rule names. The inbox row, the facts and the notifications commit
 * together, once per event.
 */
@Controller()
export class CaseFactsConsumer {
  constructor(private readonly notifier: Notifier) {}

  @ConsumeEvent(CASE_EVENT_TYPES)
  async onCaseEvent(work: Work, event: AnyCaseEvent): Promise<EventOutcome> {
    const at = new Date(event.time);
    const copy = await this.keepCase(work.manager, event);
    await this.keepItems(work.manager, event, at);
    const seen: Seen = {
      manager: work.manager,
      event,
      copy,
      at,
      opens: event.data.actions?.opens ?? actionsOf(event.type, event.data as never)?.opens ?? [],
    };
    const made = [...(await this.notifyByRules(seen)), ...(await this.notifyTeams(seen))];
    return made.length > 0 ? { debug: `${event.type} ${event.id} of ${copy.caseNumber}: ${made.join(', ')}` } : undefined;
  }

  /** The case as the events describe it: the first event opens it, later ones fill what was missing. */
  private async keepCase(manager: EntityManager, event: AnyCaseEvent): Promise<NotificationCase> {
    const data = event.data;
    const agentId = event.type === 'intake.application.submitted.v1' && data.actor.role === 'agent' ? data.actor.id : null;
    const [copy] = await manager.query<NotificationCase[]>(
      `INSERT INTO notification_case (case_id, case_number, customer_id, category, policy_version, region_code, agent_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id) DO UPDATE SET
         region_code = COALESCE(notification_case.region_code, EXCLUDED.region_code),
         agent_id = COALESCE(notification_case.agent_id, EXCLUDED.agent_id),
         updated_at = now()
       RETURNING case_id AS "caseId", case_number AS "caseNumber", customer_id AS "customerId", category,
         policy_version AS "policyVersion", region_code AS "regionCode", agent_id AS "agentId", updated_at AS "updatedAt"`,
      [data.caseId, data.caseNumber, data.customerId, data.category, data.policyVersion, data.regionCode ?? null, agentId],
    );
    return copy;
  }

  /** Opens and closes the case's items by the event's time (the latest of each wins), and records deadlines the rules read. */
  private async keepItems(manager: EntityManager, event: AnyCaseEvent, at: Date): Promise<void> {
    const data = event.data;
    const caseId = data.caseId;
    if (isWithdrawal(event.type)) {
      await manager.query(`UPDATE case_item SET closed_at = GREATEST(closed_at, $2) WHERE case_id = $1`, [caseId, at]);
      return;
    }
    if (isClock(event.type)) {
      const clock = data as EventPayload<'intake.timelimit.started.v2'>;
      const item = `clock:${clock.clockId}`;
      if (event.type.includes('.started.'))
        await this.open(manager, caseId, item, new Date(clock.at), new Date(clock.deadline), clock.team ?? null, clock.stage);
      else await this.close(manager, caseId, item, new Date(clock.at));
      return;
    }
    if (event.type === 'intake.case.facts.v1') {
      await this.learnOpenWork(manager, data as EventPayload<'intake.case.facts.v1'>);
      return;
    }
    const actions = data.actions ?? actionsOf(event.type, data as never);
    for (const code of actions?.closes ?? []) await this.close(manager, caseId, code, at);
    for (const code of actions?.opens ?? []) await this.open(manager, caseId, code, at, null, null, null);
    for (const due of this.notifier.rules.dueDatesOf(event.type)) {
      const value = (data as Record<string, unknown>)[due.field];
      if (typeof value !== 'string') continue;
      await manager.query(
        `INSERT INTO case_item (case_id, item, opened_at, due_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id, item) DO UPDATE SET due_at = EXCLUDED.due_at
         WHERE case_item.opened_at IS NULL OR case_item.opened_at <= EXCLUDED.opened_at`,
        [caseId, due.item, at, new Date(value)],
      );
    }
  }

  /**
   * The work open on a case in flight, as intake republished it: recorded where nothing is known
   * of it yet (the events seen here stay the truth), for reminders from now on; it tells no one.
   */
  private async learnOpenWork(manager: EntityManager, facts: EventPayload<'intake.case.facts.v1'>): Promise<void> {
    for (const action of facts.openActions ?? []) {
      await manager.query(
        `INSERT INTO case_item (case_id, item, opened_at, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, item) DO NOTHING`,
        [facts.caseId, action.code, new Date(action.since), action.due ? new Date(action.due) : null],
      );
    }
  }

  private async open(
    manager: EntityManager,
    caseId: string,
    item: string,
    at: Date,
    dueAt: Date | null,
    team: string | null,
    stage: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO case_item (case_id, item, opened_at, due_at, team, stage) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id, item) DO UPDATE SET
         opened_at = GREATEST(case_item.opened_at, EXCLUDED.opened_at),
         due_at = COALESCE(EXCLUDED.due_at, case_item.due_at),
         team = COALESCE(EXCLUDED.team, case_item.team),
         stage = COALESCE(EXCLUDED.stage, case_item.stage)`,
      [caseId, item, at, dueAt, team, stage],
    );
  }

  private async close(manager: EntityManager, caseId: string, item: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO case_item (case_id, item, closed_at) VALUES ($1, $2, $3)
       ON CONFLICT (case_id, item) DO UPDATE SET closed_at = GREATEST(case_item.closed_at, EXCLUDED.closed_at)`,
      [caseId, item, at],
    );
  }

  /** The customer's (and their agent's) notifications the rules name for this event. */
  private async notifyByRules({ manager, event, copy, at, opens }: Seen): Promise<string[]> {
    const made: string[] = [];
    for (const rule of this.notifier.rules.forEvent(event.type)) {
      if (rule.action && !opens.includes(rule.action)) continue;
      if (rule.upcoming && !isAfter((event.data as Record<string, unknown>)[rule.upcoming], at)) continue;
      const spec = { sourceId: event.id, case: copy, template: rule.template, action: rule.action };
      if (rule.action && (await closedSince(manager, copy.caseId, rule.action, at))) {
        this.notifier.dropped(spec);
        continue;
      }
      for (const recipient of this.notifier.recipientsOf(rule.audience, copy)) {
        const created = await this.notifier.notify(manager, {
          ...spec,
          recipient,
          params: paramsOf(event, rule.action),
          urgency: rule.urgency,
          channels: rule.channels,
          occurredAt: at,
        });
        if (created) made.push(`${rule.template} → ${recipient.kind.toLowerCase()}`);
      }
    }
    return made;
  }

  /** The team that takes each action the event opens is told in its inbox, unless the action closed already. */
  private async notifyTeams({ manager, event, copy, at, opens }: Seen): Promise<string[]> {
    const teamWork = this.notifier.rules.rules.teamWork;
    const made: string[] = [];
    for (const action of opens) {
      const recipient = this.notifier.teamRecipientOf(action, copy);
      if (!recipient) continue;
      const spec = { sourceId: `${event.id}:${action}`, case: copy, template: teamWork.template, action };
      if (await closedSince(manager, copy.caseId, action, at)) {
        this.notifier.dropped(spec);
        continue;
      }
      const created = await this.notifier.notify(manager, {
        ...spec,
        recipient,
        params: { caseNumber: copy.caseNumber, action },
        urgency: teamWork.urgency,
        channels: teamWork.channels,
        occurredAt: at,
      });
      if (created) made.push(`${action} → team ${recipient.id}`);
    }
    return made;
  }
}

/** Whether `value` is a time after `at`. */
function isAfter(value: unknown, at: Date): boolean {
  return typeof value === 'string' && Date.parse(value) > at.getTime();
}

/** What a template may say of an event: the case number, the action it asks for, times and amounts; no personal data. */
function paramsOf(event: AnyCaseEvent, action: string | undefined): Record<string, string> {
  const data = event.data as Record<string, unknown>;
  const params: Record<string, string> = { caseNumber: event.data.caseNumber };
  if (action) params.action = action;
  for (const name of ['appointmentAt', 'validUntil', 'total', 'energizedAt', 'archivedAt']) {
    const value = data[name];
    if (typeof value === 'string') params[name] = value;
  }
  if (Array.isArray(data.items)) params.count = String(data.items.length);
  return params;
}
