import { Descriptions, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import type { TicketDetailFragment, TicketListQuery } from './tickets.generated';
import type { TicketKind, TicketStatus } from '../../graphql/schema';
import { enumLabel, roleLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';

export const TICKET_PAGE = 20;
export const KINDS: TicketKind[] = ['INQUIRY', 'COMPLAINT', 'URGE', 'CORRECTION_REQUEST'];
export const STATUSES: TicketStatus[] = ['OPEN', 'RESPONDED', 'RESOLVED', 'CLOSED'];
export type TicketEdge = TicketListQuery['tickets']['edges'][number];
export const ticketsPage = (data: TicketListQuery) => data.tickets;
export const formatTime = (value: string | null | undefined) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '');

const STATUS_COLOURS: Record<TicketStatus, string> = { OPEN: 'blue', RESPONDED: 'gold', RESOLVED: 'green', CLOSED: 'default' };

export function StatusTag({ ticket }: { ticket: Pick<TicketDetailFragment, 'status' | 'overdue' | 'resolutionOverdue'> }) {
  const { t, locale } = useI18n();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOURS[ticket.status]}>{enumLabel(locale, 'TicketStatus', ticket.status)}</Tag>
      {ticket.overdue && <Tag color="red">{t('tickets.overdueTag')}</Tag>}
      {ticket.resolutionOverdue && <Tag color="red">{t('tickets.resolutionOverdueTag')}</Tag>}
    </Space>
  );
}

/** Everything said and done on a ticket, in the order it happened. */
export function TicketFacts({ ticket }: { ticket: TicketDetailFragment }) {
  const { t, locale } = useI18n();
  const items = [
    { key: 'case', label: t('tickets.col.case'), children: ticket.caseNumber },
    { key: 'kind', label: t('tickets.kind'), children: enumLabel(locale, 'TicketKind', ticket.kind) },
    { key: 'status', label: t('tickets.status'), children: <StatusTag ticket={ticket} /> },
    { key: 'team', label: t('tickets.team'), children: `${ticket.team} · ${roleLabel(locale, ticket.routedRole)}` },
    {
      key: 'openedAt',
      label: t('tickets.col.openedAt'),
      children: `${formatTime(ticket.openedAt)} · ${roleLabel(locale, ticket.openedByRole)}`,
    },
    { key: 'message', label: t('tickets.message'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{ticket.message}</span> },
    { key: 'respondBy', label: t('tickets.col.respondBy'), children: formatTime(ticket.respondBy) },
    { key: 'resolutionDue', label: t('tickets.col.resolutionDue'), children: formatTime(ticket.resolutionDueAt) || t('tickets.noLimit') },
    ...(ticket.response
      ? [
          { key: 'response', label: t('tickets.response'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{ticket.response}</span> },
          { key: 'respondedAt', label: t('tickets.respondedAt'), children: formatTime(ticket.respondedAt) },
        ]
      : []),
    ...(ticket.resolution
      ? [
          {
            key: 'resolution',
            label: t('tickets.resolution'),
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{ticket.resolution}</span>,
          },
          { key: 'resolvedAt', label: t('tickets.resolvedAt'), children: formatTime(ticket.resolvedAt) },
        ]
      : []),
    ...(ticket.satisfaction
      ? [
          { key: 'satisfaction', label: t('tickets.satisfaction'), children: t('tickets.satisfactionValue', { n: ticket.satisfaction }) },
          ...(ticket.satisfactionComment
            ? [{ key: 'comment', label: t('tickets.satisfactionComment'), children: ticket.satisfactionComment }]
            : []),
          { key: 'closedAt', label: t('tickets.closedAt'), children: formatTime(ticket.closedAt) },
        ]
      : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} />;
}
