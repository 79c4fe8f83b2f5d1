import { Alert, Button, Divider, Drawer, Form, Input, Spin, theme, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { CursorTable } from '../../components/CursorTable';
import { AnySelect, FilterField, FilterForm } from '../../components/FilterForm';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import {
  TicketListDocument,
  TicketOneDocument,
  TicketResolveDocument,
  TicketRespondDocument,
  type TicketDetailFragment,
} from './tickets.generated';
import type { TicketFilter, TicketKind, TicketStatus } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { formatTime, KINDS, STATUSES, StatusTag, TICKET_PAGE, TicketFacts, ticketsPage, type TicketEdge } from './ticket-parts';

interface FilterValues {
  status?: TicketStatus;
  kind?: TicketKind;
  overdue?: 'yes' | 'no';
  resolutionOverdue?: 'yes' | 'no';
  team?: string;
}

function filterOf(values: FilterValues): TicketFilter {
  const team = values.team?.trim();
  return {
    ...(values.status ? { status: values.status } : {}),
    ...(values.kind ? { kind: values.kind } : {}),
    ...(values.overdue ? { overdue: values.overdue === 'yes' } : {}),
    ...(values.resolutionOverdue ? { resolutionOverdue: values.resolutionOverdue === 'yes' } : {}),
    ...(team ? { team } : {}),
  };
}

/**
 * Service tickets for staff: their team's (supervisors, auditors and admins: all, by team), oldest
 * first; the team's staff and supervisors respond to an open ticket and record how it was resolved.
 */
export function TicketsPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const overseer = hasRole(session, 'SUPERVISOR', 'AUDITOR', 'ADMIN');
  const { token } = theme.useToken();
  const [filter, setFilter] = useState<TicketFilter>({});
  const list = useCursorList(TicketListDocument, { filter, first: TICKET_PAGE }, ticketsPage);
  const [open, setOpen] = useState<string>();
  const yesNo = [
    { value: 'yes', label: t('tickets.onlyOverdue') },
    { value: 'no', label: t('tickets.notOverdue') },
  ];

  const columns: TableColumnsType<TicketEdge> = [
    {
      key: 'case',
      title: t('tickets.col.case'),
      render: (_, { node }) => (
        <Link to={`/cases/${encodeURIComponent(node.caseId)}`} style={{ color: token.colorPrimary }}>
          {node.caseNumber}
        </Link>
      ),
    },
    { key: 'kind', title: t('tickets.kind'), render: (_, { node }) => enumLabel(locale, 'TicketKind', node.kind) },
    { key: 'subject', title: t('tickets.col.subject'), render: (_, { node }) => node.subject },
    { key: 'status', title: t('tickets.status'), render: (_, { node }) => <StatusTag ticket={node} /> },
    { key: 'team', title: t('tickets.team'), render: (_, { node }) => node.team },
    { key: 'openedAt', title: t('tickets.col.openedAt'), render: (_, { node }) => formatTime(node.openedAt) },
    { key: 'respondBy', title: t('tickets.col.respondBy'), render: (_, { node }) => formatTime(node.respondBy) },
    {
      key: 'resolutionDue',
      title: t('tickets.col.resolutionDue'),
      render: (_, { node }) => formatTime(node.resolutionDueAt) || t('tickets.noLimit'),
    },
    {
      key: 'actions',
      title: t('app.actions'),
      render: (_, { node }) => (
        <Button size="small" onClick={() => setOpen(node.id)} aria-label={`${t('tickets.view')} ${node.subject}`}>
          {t('tickets.view')}
        </Button>
      ),
    },
  ];

  return (
    <Page title={t('tickets.title')} intro={t('tickets.intro')}>
      <FilterForm<FilterValues> onFinish={(v) => setFilter(filterOf(v))} onReset={() => setFilter({})} actions={{ xs: 24, md: 5 }}>
        <FilterField name="status" label={t('tickets.status')} md={4}>
          <AnySelect options={STATUSES.map((s) => ({ value: s, label: enumLabel(locale, 'TicketStatus', s) }))} />
        </FilterField>
        <FilterField name="kind" label={t('tickets.kind')} md={4}>
          <AnySelect options={KINDS.map((k) => ({ value: k, label: enumLabel(locale, 'TicketKind', k) }))} />
        </FilterField>
        <FilterField name="overdue" label={t('tickets.overdue')} md={4}>
          <AnySelect options={yesNo} />
        </FilterField>
        <FilterField name="resolutionOverdue" label={t('tickets.resolutionOverdue')} md={4}>
          <AnySelect options={yesNo} />
        </FilterField>
        {overseer && (
          <FilterField name="team" label={t('tickets.team')} md={3}>
            <Input />
          </FilterField>
        )}
      </FilterForm>
      <CursorTable list={list} columns={columns} caption={t('tickets.caption')} empty={t('tickets.empty')} />
      {open && (
        <TicketDrawer
          id={open}
          onClose={() => setOpen(undefined)}
          onChanged={(ticket) => list.patch((n) => (n.id === ticket.id ? ticket : n))}
        />
      )}
    </Page>
  );
}

function TicketDrawer({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: (ticket: TicketDetailFragment) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { session } = useSession();
  // Auditors and admins read tickets; the other staff answer them.
  const handler = Boolean(session?.claims.roles.some((r) => !['auditor', 'admin', 'customer', 'agent'].includes(r)));
  const [{ data, error, fetching }] = useQuery({ query: TicketOneDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const [current, setCurrent] = useState<TicketDetailFragment>();
  const ticket = current ?? data?.ticket;
  const changed = (next: TicketDetailFragment) => {
    setCurrent(next);
    onChanged(next);
  };
  return (
    <Drawer
      open
      size={560}
      title={ticket ? t('tickets.detailTitle', { subject: ticket.subject }) : t('app.loading')}
      onClose={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} />}
      {!ticket && fetching && <Spin />}
      {ticket && (
        <>
          <TicketFacts ticket={ticket} />
          {handler && ticket.status === 'OPEN' && <RespondForm ticket={ticket} onDone={changed} />}
          {handler && ticket.status === 'RESPONDED' && <ResolveForm ticket={ticket} onDone={changed} />}
        </>
      )}
    </Drawer>
  );
}

function RespondForm({ ticket, onDone }: { ticket: TicketDetailFragment; onDone: (ticket: TicketDetailFragment) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ response: string }>();
  const action = useAction(TicketRespondDocument, { form, fields: ['response'] });
  const save = async ({ response }: { response: string }) => {
    const data = await action.run({ input: { ticketId: ticket.id, response: response.trim() } }, t('tickets.responded'));
    if (data) onDone(data.respondToTicket);
  };
  return (
    <>
      <Divider />
      <ActionProblemAlert problem={action.problem} inline />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="response"
          label={t('tickets.respond')}
          rules={[{ required: true, whitespace: true, message: t('tickets.required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.fetching}>
          {t('tickets.respondSubmit')}
        </Button>
      </Form>
    </>
  );
}

function ResolveForm({ ticket, onDone }: { ticket: TicketDetailFragment; onDone: (ticket: TicketDetailFragment) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ resolution: string }>();
  const action = useAction(TicketResolveDocument, { form, fields: ['resolution'] });
  const save = async ({ resolution }: { resolution: string }) => {
    const data = await action.run({ input: { ticketId: ticket.id, resolution: resolution.trim() } }, t('tickets.resolved'));
    if (data) onDone(data.resolveTicket);
  };
  return (
    <>
      <Divider />
      <ActionProblemAlert problem={action.problem} inline />
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="resolution"
          label={t('tickets.resolve')}
          rules={[{ required: true, whitespace: true, message: t('tickets.required') }]}
        >
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={action.fetching}>
          {t('tickets.resolveSubmit')}
        </Button>
      </Form>
    </>
  );
}
