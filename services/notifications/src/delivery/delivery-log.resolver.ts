import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { STAFF_ROLES } from '@yekuo/events';
import { isUuid, pageArgs, Roles, toPage, ValidationFailedError } from '@yekuo/platform';
import { DataSource } from 'typeorm';
import { DeliveryStatusEnum } from '../enums';
import { DeliveryStatus } from './delivery.entity';
import { DeliveryConnection, DeliveryView } from './delivery.model';

interface Position {
  at: string;
  key: string;
}

const parsePosition = (value: unknown): Position | undefined => {
  const p = value as Position;
  return p && typeof p.at === 'string' && typeof p.key === 'string' && !Number.isNaN(Date.parse(p.at))
    ? { at: p.at, key: p.key }
    : undefined;
};

/** The delivery log: every email and SMS with its status, tries and last error, for staff. */
@Resolver(() => DeliveryView)
export class DeliveryLogResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => DeliveryConnection, { description: 'The email and SMS deliveries, newest first, by case and status (staff)' })
  @Roles(...STAFF_ROLES)
  async notificationDeliveries(
    @Args('caseId', { type: () => ID, nullable: true, description: 'Only this case' }) caseId: string | undefined,
    @Args('status', { type: () => DeliveryStatusEnum, nullable: true, description: 'Only deliveries in this status' })
    status: DeliveryStatus | undefined,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 100' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page' }) after: string | undefined,
  ): Promise<DeliveryConnection> {
    if (caseId != null && !isUuid(caseId)) throw new ValidationFailedError([{ field: 'caseId', message: 'must be a UUID' }]);
    const page = pageArgs(first, after, parsePosition);
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (caseId) conditions.push(`n.case_id = $${params.push(caseId)}`);
    if (status) conditions.push(`d.status = $${params.push(status)}`);
    if (page.after) conditions.push(`(d.created_at, d.key) < ($${params.push(page.after.at)}, $${params.push(page.after.key)})`);
    const rows: DeliveryView[] = await this.dataSource.query(
      `SELECT d.key, d.notification_id AS "notificationId", n.case_id AS "caseId", n.case_number AS "caseNumber", n.template AS kind,
              d.channel, d.status, d.attempts, d.last_error AS "lastError", d.not_before AS "notBefore", d.sent_at AS "sentAt",
              d.created_at AS "createdAt"
       FROM delivery d JOIN notification n ON n.id = d.notification_id
       ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY d.created_at DESC, d.key DESC LIMIT $${params.push(page.first + 1)}`,
      params,
    );
    return toPage(rows, page.first, (row) => ({ at: new Date(row.createdAt).toISOString(), key: row.key }));
  }
}
