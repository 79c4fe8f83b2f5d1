import { Injectable } from '@nestjs/common';
import { NotFoundError, pageArgs, Principal, toPage } from '@yekuo/platform';
import { DataSource } from 'typeorm';
import type { Locale } from '../channels/channel';
import { PreferencesService } from '../preferences/preferences.service';
import { NotificationRules } from '../rules/rules';
import { Notification } from './notification.entity';
import { NotificationConnection, NotificationView } from './notification.model';

interface Position {
  at: string;
  id: string;
}

const parsePosition = (value: unknown): Position | undefined => {
  const p = value as Position;
  return p && typeof p.at === 'string' && typeof p.id === 'string' && !Number.isNaN(Date.parse(p.at)) ? { at: p.at, id: p.id } : undefined;
};

type Row = Notification & { readAt: Date | null };

/**
 * A reader's inbox: what was addressed to them as customer or agent, and the work of the teams
 * they follow as staff. Each reader marks what they read for themselves alone.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: NotificationRules,
    private readonly preferences: PreferencesService,
  ) {}

  async page(
    principal: Principal,
    first: number,
    after: string | undefined,
    unreadOnly: boolean,
    locale?: Locale,
  ): Promise<NotificationConnection> {
    const page = pageArgs(first, after, parsePosition);
    const { where, params } = await this.addressedTo(principal);
    const conditions = [where];
    if (unreadOnly) conditions.push('r.read_at IS NULL');
    if (page.after) {
      params.push(page.after.at, page.after.id);
      conditions.push(`(n.occurred_at, n.id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(page.first + 1);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM notification n
       LEFT JOIN notification_read r ON r.notification_id = n.id AND r.reader_id = $1
       WHERE ${conditions.join(' AND ')}
       ORDER BY n.occurred_at DESC, n.id DESC LIMIT $${params.length}`,
      params,
    );
    const language = locale ?? (await this.preferences.localeOf(principal));
    return {
      ...toPage(
        rows,
        page.first,
        (row) => ({ at: new Date(row.occurredAt).toISOString(), id: row.id }),
        (row) => this.view(row, language),
      ),
      unreadCount: await this.unreadCount(principal),
    };
  }

  async unreadCount(principal: Principal): Promise<number> {
    const { where, params } = await this.addressedTo(principal);
    const [row] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notification n
       WHERE ${where} AND NOT EXISTS (SELECT 1 FROM notification_read r WHERE r.notification_id = n.id AND r.reader_id = $1)`,
      params,
    );
    return row.count;
  }

  /** Marks one of the reader's notifications read (again is a no-op); another's is NOT_FOUND, as if it did not exist. */
  async markRead(principal: Principal, id: string, at: Date): Promise<NotificationView> {
    const { where, params } = await this.addressedTo(principal);
    params.push(id);
    const [row] = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM notification n
       LEFT JOIN notification_read r ON r.notification_id = n.id AND r.reader_id = $1
       WHERE ${where} AND n.id = $${params.length}`,
      params,
    );
    if (!row) throw new NotFoundError('Notification', id);
    const [read] = await this.dataSource.query<{ read_at: Date }[]>(
      `INSERT INTO notification_read (notification_id, reader_id, read_at) VALUES ($1, $2, $3)
       ON CONFLICT (notification_id, reader_id) DO UPDATE SET read_at = notification_read.read_at
       RETURNING read_at`,
      [id, principal.sub, at],
    );
    return this.view({ ...row, readAt: read.read_at }, await this.preferences.localeOf(principal));
  }

  /** The SQL condition of what `principal` may read; `$1` is always the reader's id. */
  private async addressedTo(principal: Principal): Promise<{ where: string; params: unknown[] }> {
    const teams = await this.preferences.followedTeams(principal);
    const kinds: string[] = [];
    if (principal.roles.includes('customer')) kinds.push('CUSTOMER');
    if (principal.roles.includes('agent')) kinds.push('AGENT');
    const params: unknown[] = [principal.sub, kinds, teams];
    return {
      where: `((n.recipient_kind = ANY($2::text[]) AND n.recipient_id = $1) OR (n.recipient_kind = 'TEAM' AND n.recipient_id = ANY($3::text[])))`,
      params,
    };
  }

  private view(row: Row, locale: Locale): NotificationView {
    const text = this.rules.render(row.template, locale, row.params);
    return {
      id: row.id,
      caseId: row.caseId,
      caseNumber: row.caseNumber,
      kind: row.template,
      title: text.title,
      body: text.body,
      urgency: row.urgency,
      action: row.action,
      recipient: row.recipientKind,
      occurredAt: new Date(row.occurredAt),
      readAt: row.readAt ? new Date(row.readAt) : null,
    };
  }
}

const COLUMNS = `n.id, n.case_id AS "caseId", n.case_number AS "caseNumber", n.recipient_kind AS "recipientKind",
  n.recipient_id AS "recipientId", n.template, n.params, n.urgency, n.action, n.occurred_at AS "occurredAt", r.read_at AS "readAt"`;
