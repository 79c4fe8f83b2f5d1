import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable } from '@nestjs/common';
import { CloudEvent, EventPayload } from '@yekuo/events';
import { isInstantText, isUuid, pageArgs, TIME_SOURCE, TimeSource, toPage } from '@yekuo/platform';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { applyClockEvent, ClockEventKind } from './clock-projection';
import {
  AverageTimesRow,
  ClockFilter,
  ClockGrouping,
  ClockOverview,
  ClockOverviewConnection,
  ClockStatisticsFilter,
  OnTimeRateRow,
} from './supervision.model';
import { SupervisedClock } from './supervised-clock.entity';

export const SUPERVISION_CONSUMER = 'intake.supervision';
export const SUPERVISION_ROLES = ['supervisor', 'auditor', 'admin'] as const;

const GROUP_COLUMN: Record<ClockGrouping, string> = {
  STAGE: 'c.stage',
  CATEGORY: 'c.category',
  TEAM: "COALESCE(c.team, 'UNASSIGNED')",
};

/** A clock list's keyset position: `[deadline, clockId]`. */
const parsePosition = (value: unknown): { deadline: Date; clockId: string } | undefined => {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') return undefined;
  const [iso, clockId] = value as [string, string];
  return isInstantText(iso) && isUuid(clockId) ? { deadline: new Date(iso), clockId } : undefined;
};

/** Supervisor views of every service's stage clocks: what is overdue, what is at risk, how often steps finish on time. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** Applies one time-limit event under a per-clock lock, so concurrent events of one clock merge instead of racing. */
  async record(manager: EntityManager, service: string, kind: ClockEventKind, event: CloudEvent): Promise<void> {
    const data = event.data as EventPayload<'planning.timelimit.started.v1'>;
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [`clock:${data.clockId}`]);
    const existing = await manager.findOne(SupervisedClock, { where: { clockId: data.clockId } });
    const next = applyClockEvent(existing, service, kind, data);
    if (!existing) {
      await manager.insert(SupervisedClock, next as SupervisedClock);
      return;
    }
    // Only the columns the event changed, as a save would write them (without reading the row again).
    const changed = Object.fromEntries(
      Object.entries(next).filter(([column, value]) => !isDeepStrictEqual(value, existing[column as keyof SupervisedClock])),
    );
    if (Object.keys(changed).length > 0) await manager.update(SupervisedClock, { clockId: data.clockId }, changed);
  }

  /** The clocks `isOverdue` (clock-projection.ts) holds overdue, in SQL. */
  overdue(filter: ClockFilter | undefined, first: number, after: string | undefined): Promise<ClockOverviewConnection> {
    const query = this.running(filter).andWhere(
      '((c.paused_at IS NULL AND (c.breached_at IS NOT NULL OR c.deadline < :now)) OR c.breached_at <= c.paused_at)',
    );
    return this.page(query, first, after);
  }

  /** The clocks `isAtRisk` holds at risk, in SQL: a paused clock never is. */
  atRisk(filter: ClockFilter | undefined, first: number, after: string | undefined): Promise<ClockOverviewConnection> {
    const query = this.running(filter)
      .andWhere('c.paused_at IS NULL AND c.breached_at IS NULL AND c.deadline >= :now')
      .andWhere('(c.warned_at IS NOT NULL OR c.target_breached_at IS NOT NULL OR c.target_deadline < :now)');
    return this.page(query, first, after);
  }

  /** On-time rate of the clocks stopped in [from, to), per group. */
  async onTimeRate(filter: ClockStatisticsFilter): Promise<OnTimeRateRow[]> {
    const rows = await this.stopped(filter)
      .select(`${GROUP_COLUMN[filter.groupBy]}`, 'key')
      .addSelect('COUNT(*)::int', 'stopped')
      .addSelect('COUNT(*) FILTER (WHERE c.on_time)::int', 'onTime')
      .getRawMany<{ key: string; stopped: number; onTime: number }>();
    return rows.map((row) => ({ ...row, rate: row.stopped === 0 ? 0 : row.onTime / row.stopped }));
  }

  /** Average utility and customer seconds of the clocks stopped in [from, to) that reported them, per group. */
  async averageTimes(filter: ClockStatisticsFilter): Promise<AverageTimesRow[]> {
    return this.stopped(filter)
      .andWhere('c.utility_seconds IS NOT NULL')
      .select(`${GROUP_COLUMN[filter.groupBy]}`, 'key')
      .addSelect('ROUND(AVG(c.utility_seconds))::int', 'utilitySeconds')
      .addSelect('ROUND(AVG(COALESCE(c.customer_seconds, 0)))::int', 'customerSeconds')
      .addSelect('COUNT(*)::int', 'count')
      .getRawMany<AverageTimesRow>();
  }

  private stopped(filter: ClockStatisticsFilter): SelectQueryBuilder<SupervisedClock> {
    const query = this.dataSource.manager
      .createQueryBuilder(SupervisedClock, 'c')
      .where('c.stopped_at >= :from AND c.stopped_at < :to', { from: filter.from, to: filter.to });
    return this.filtered(query, filter).groupBy('1').orderBy('1');
  }

  private running(filter: ClockFilter | undefined): SelectQueryBuilder<SupervisedClock> {
    return this.filtered(
      this.dataSource.manager
        .createQueryBuilder(SupervisedClock, 'c')
        .where('c.stopped_at IS NULL')
        // A withdrawn case's clocks are closed by their services without a time-limit event.
        .andWhere('NOT EXISTS (SELECT 1 FROM connection_case w WHERE w.id = c.case_id AND w.withdrawn_at IS NOT NULL)')
        .setParameter('now', this.time.now()),
      filter,
    );
  }

  private filtered(query: SelectQueryBuilder<SupervisedClock>, filter: ClockFilter | undefined): SelectQueryBuilder<SupervisedClock> {
    if (filter?.stage) query.andWhere('c.stage = :stage', { stage: filter.stage });
    if (filter?.category) query.andWhere('c.category = :category', { category: filter.category });
    if (filter?.team) query.andWhere('c.team = :team', { team: filter.team });
    return query;
  }

  private async page(
    query: SelectQueryBuilder<SupervisedClock>,
    first: number,
    after: string | undefined,
  ): Promise<ClockOverviewConnection> {
    const page = pageArgs(first, after, parsePosition);
    if (page.after) {
      query.andWhere('(c.deadline, c.clock_id) > (:afterDeadline, :afterClock)', {
        afterDeadline: page.after.deadline,
        afterClock: page.after.clockId,
      });
    }
    const rows = await query
      .orderBy('c.deadline', 'ASC')
      .addOrderBy('c.clock_id', 'ASC')
      .limit(page.first + 1)
      .getMany();
    const now = this.time.now().getTime();
    const views: ClockOverview[] = rows.map((row) => ({
      ...row,
      pausedSince: row.pausedAt,
      remainingSeconds: Math.floor((row.deadline.getTime() - now) / 1000),
    }));
    return toPage(views, page.first, (view) => [view.deadline.toISOString(), view.clockId]);
  }
}
