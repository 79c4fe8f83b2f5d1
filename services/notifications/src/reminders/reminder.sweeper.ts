import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CASE_ACTION_CODES, CaseActionCode } from '@yekuo/events';
import { PeriodicJob, TIME_SOURCE, TimeSource } from '@yekuo/platform';
import { WorkingCalendar } from '@yekuo/timelimits';
import { DataSource } from 'typeorm';
import { NotificationCase } from '../case/notification-case.entity';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { Notifier } from '../notify/notifier';
import { CLOCK_ITEM, ReminderRule } from '../rules/rules';
import { duePoint } from './due-points';

interface OpenItem {
  caseId: string;
  item: string;
  openedAt: Date;
  dueAt: Date | null;
  team: string | null;
  stage: string | null;
  caseNumber: string;
  customerId: string;
  category: NotificationCase['category'];
  policyVersion: string;
  regionCode: string | null;
  agentId: string | null;
}

const isAction = (item: string): item is CaseActionCode => (CASE_ACTION_CODES as readonly string[]).includes(item);

/**
 * Makes the reminders that fell due: for every item still open (an action, a clock), each rule
 * of its kind gives its latest due point so far; one passed within the lookback makes one
 * notification per recipient, keyed by rule, case, item and due point, so two instances (or two
 * sweeps) make it once. Items the service learned of late (cases in flight when it first started,
 * from `intake.case.facts.v1`) get the due points from then on, never a flood of past ones.
 */
@Injectable()
export class ReminderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReminderSweeper.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifier: Notifier,
    private readonly calendar: WorkingCalendar,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {
    this.job = new PeriodicJob({ name: 'reminder sweep', everyMs: config.REMINDER_SWEEP_MS }, () => this.sweep().then(() => undefined));
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Makes the reminders due now; resolves to how many notifications were made. */
  async sweep(): Promise<number> {
    const rules = this.notifier.rules.reminders;
    if (rules.length === 0) return 0;
    const now = this.time.now();
    const since = new Date(now.getTime() - this.config.REMINDER_LOOKBACK_HOURS * 3_600_000);
    const actions = rules.map((r) => r.item).filter(isAction);
    const clocks = rules.some((r) => r.item === CLOCK_ITEM);
    const items: OpenItem[] = await this.dataSource.query(
      `SELECT i.case_id AS "caseId", i.item, i.opened_at AS "openedAt", i.due_at AS "dueAt", i.team, i.stage,
              c.case_number AS "caseNumber", c.customer_id AS "customerId", c.category, c.policy_version AS "policyVersion", c.region_code AS "regionCode", c.agent_id AS "agentId"
       FROM case_item i JOIN notification_case c ON c.case_id = i.case_id
       WHERE i.opened_at IS NOT NULL AND (i.closed_at IS NULL OR i.closed_at < i.opened_at)
         AND (i.item = ANY($1::text[]) OR ($2 AND i.item LIKE 'clock:%'))`,
      [actions, clocks],
    );
    let made = 0;
    for (const item of items) {
      for (const rule of rules.filter((r) => r.item === item.item || (r.item === CLOCK_ITEM && item.item.startsWith('clock:')))) {
        const due = duePoint(this.calendar, rule, new Date(item.openedAt), item.dueAt ? new Date(item.dueAt) : null, now);
        if (!due || due < since) continue;
        made += await this.remind(rule, item, due);
      }
    }
    if (made > 0) this.logger.log(`made ${made} reminder(s)`);
    return made;
  }

  private remind(rule: ReminderRule, item: OpenItem, due: Date): Promise<number> {
    const copy: NotificationCase = {
      caseId: item.caseId,
      caseNumber: item.caseNumber,
      customerId: item.customerId,
      category: item.category,
      policyVersion: item.policyVersion,
      regionCode: item.regionCode,
      agentId: item.agentId,
      updatedAt: due,
    };
    const action = isAction(item.item) ? item.item : undefined;
    const recipients = this.notifier.recipientsOf(rule.audience, copy, action && this.notifier.rules.staffRoleOf(action), item.team);
    const params: Record<string, string> = { caseNumber: item.caseNumber, ...(action ? { action } : {}) };
    if (item.dueAt) params.dueAt = new Date(item.dueAt).toISOString();
    if (item.stage) params.stage = item.stage;
    return this.dataSource.transaction(async (manager) => {
      let made = 0;
      for (const recipient of recipients) {
        const created = await this.notifier.notify(manager, {
          sourceId: `reminder:${rule.id}:${item.caseId}:${item.item}:${due.toISOString()}`,
          case: copy,
          recipient,
          template: rule.template,
          params,
          urgency: rule.urgency,
          channels: rule.channels,
          action,
          occurredAt: due,
        });
        if (created) made += 1;
      }
      return made;
    });
  }
}
