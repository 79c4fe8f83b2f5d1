import {
  Alert,
  ConfigProvider,
  Button,
  Col,
  Divider,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Table,
  theme,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import {
  TicketListDocument,
  TicketOneDocument,
  TicketResolveDocument,
  TicketRespondDocument,
  type TicketDetailFragment,
} from '../../graphql/generated';
import type { TicketFilter, TicketKind, TicketStatus } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { useFormAction } from '../registries/use-action';
import { useCursorList } from '../staff/cursor-list';
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
  // Button words as written: no space put between two Chinese characters ("查询", not "查 询").
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <TicketsPageContent />
    </ConfigProvider>
  );
}

function TicketsPageContent() {
  const i18n = useI18n();
  const { t, locale } = i18n;
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
      title: t('tickets.col.actions'),
      render: (_, { node }) => (
        <Button size="small" onClick={() => setOpen(node.id)} aria-label={`${t('tickets.view')} ${node.subject}`}>
          {t('tickets.view')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('tickets.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('tickets.intro')}
      </Typography.Paragraph>
      <Form<FilterValues> layout="vertical" onFinish={(v) => setFilter(filterOf(v))} onReset={() => setFilter({})}>
        <Row gutter={16} align="bottom">
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="status" label={t('tickets.status')}>
              <Select
                allowClear
                placeholder={t('tickets.any')}
                options={STATUSES.map((s) => ({ value: s, label: enumLabel(locale, 'TicketStatus', s) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="kind" label={t('tickets.kind')}>
              <Select
                allowClear
                placeholder={t('tickets.any')}
                options={KINDS.map((k) => ({ value: k, label: enumLabel(locale, 'TicketKind', k) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="overdue" label={t('tickets.overdue')}>
              <Select allowClear placeholder={t('tickets.any')} options={yesNo} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={4}>
            <Form.Item name="resolutionOverdue" label={t('tickets.resolutionOverdue')}>
              <Select allowClear placeholder={t('tickets.any')} options={yesNo} />
            </Form.Item>
          </Col>
          {overseer && (
            <Col xs={24} sm={12} md={3}>
              <Form.Item name="team" label={t('tickets.team')}>
                <Input />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={5}>
            <Form.Item>
              <Space>
                <Button type="primary" htmlType="submit">
                  {t('tickets.search')}
                </Button>
                <Button htmlType="reset">{t('tickets.reset')}</Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {list.error && <Alert type="error" showIcon role="alert" title={describeError(i18n, list.error).message} />}
      <Table<TicketEdge>
        rowKey="cursor"
        caption={<span style={{ display: 'block', textAlign: 'left', fontWeight: 600 }}>{t('tickets.caption')}</span>}
        columns={columns}
        dataSource={list.edges}
        loading={list.fetching && list.edges.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.empty')} /> }}
      />
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{list.edges.length > 0 && t('tickets.shown', { count: list.edges.length })}</Typography.Text>
        {list.hasNextPage && (
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t('app.more')}
          </Button>
        )}
      </Flex>
      {open && (
        <TicketDrawer
          id={open}
          onClose={() => setOpen(undefined)}
          onChanged={(ticket) => list.patch((n) => (n.id === ticket.id ? ticket : n))}
        />
      )}
    </Space>
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
  const action = useFormAction(TicketRespondDocument, form, ['response']);
  const save = async ({ response }: { response: string }) => {
    const data = await action.run({ input: { ticketId: ticket.id, response: response.trim() } }, t('tickets.responded'));
    if (data) onDone(data.respondToTicket);
  };
  return (
    <>
      <Divider />
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
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
  const action = useFormAction(TicketResolveDocument, form, ['resolution']);
  const save = async ({ resolution }: { resolution: string }) => {
    const data = await action.run({ input: { ticketId: ticket.id, resolution: resolution.trim() } }, t('tickets.resolved'));
    if (data) onDone(data.resolveTicket);
  };
  return (
    <>
      <Divider />
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
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
