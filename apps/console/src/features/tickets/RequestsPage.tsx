import {
  Alert,
  ConfigProvider,
  Button,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import {
  TicketCustomerCasesDocument,
  TicketListDocument,
  TicketOpenDocument,
  TicketRateDocument,
  type TicketDetailFragment,
} from '../../graphql/generated';
import type { TicketKind } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useFormAction } from '../registries/use-action';
import { useCursorList } from '../staff/cursor-list';
import { formatTime, KINDS, StatusTag, TICKET_PAGE, TicketFacts, ticketsPage, type TicketEdge } from './ticket-parts';

const NO_FILTER = {};

/**
 * The customer's (or agent's) service requests: raise one on an application, read the answer,
 * rate the service once resolved (which closes the request).
 */
export function RequestsPage() {
  // Button words as written: no space put between two Chinese characters ("查询", not "查 询").
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <RequestsPageContent />
    </ConfigProvider>
  );
}

function RequestsPageContent() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const list = useCursorList(TicketListDocument, { filter: NO_FILTER, first: TICKET_PAGE }, ticketsPage);
  const [opening, setOpening] = useState(false);
  const [viewing, setViewing] = useState<TicketDetailFragment>();
  const [rating, setRating] = useState<TicketDetailFragment>();
  const replace = (ticket: TicketDetailFragment) => list.patch((n) => (n.id === ticket.id ? ticket : n));

  const columns: TableColumnsType<TicketEdge> = [
    { key: 'subject', title: t('tickets.customer.subject'), render: (_, { node }) => node.subject },
    { key: 'case', title: t('tickets.customer.case'), render: (_, { node }) => node.caseNumber },
    { key: 'kind', title: t('tickets.kind'), render: (_, { node }) => enumLabel(locale, 'TicketKind', node.kind) },
    { key: 'status', title: t('tickets.status'), render: (_, { node }) => <StatusTag ticket={node} /> },
    { key: 'openedAt', title: t('tickets.col.openedAt'), render: (_, { node }) => formatTime(node.openedAt) },
    {
      key: 'actions',
      title: t('tickets.col.actions'),
      render: (_, { node }) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setViewing(node)} aria-label={`${t('tickets.view')} ${node.subject}`}>
            {t('tickets.view')}
          </Button>
          {node.status === 'RESOLVED' && (
            <Button
              size="small"
              type="primary"
              onClick={() => setRating(node)}
              aria-label={`${t('tickets.customer.rate')} ${node.subject}`}
            >
              {t('tickets.customer.rate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('tickets.customer.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setOpening(true)}>
          {t('tickets.customer.open')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('tickets.customer.intro')}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon role="alert" title={describeError(i18n, list.error).message} />}
      <Table<TicketEdge>
        rowKey="cursor"
        caption={<span style={{ display: 'block', textAlign: 'left', fontWeight: 600 }}>{t('tickets.customer.caption')}</span>}
        columns={columns}
        dataSource={list.edges}
        loading={list.fetching && list.edges.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.customer.empty')} /> }}
      />
      {list.hasNextPage && (
        <Flex justify="flex-end">
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t('app.more')}
          </Button>
        </Flex>
      )}
      {opening && (
        <OpenRequestModal
          onClose={() => setOpening(false)}
          onSaved={() => {
            setOpening(false);
            list.reload();
          }}
        />
      )}
      {viewing && (
        <Drawer
          open
          size={560}
          title={t('tickets.detailTitle', { subject: viewing.subject })}
          onClose={() => setViewing(undefined)}
          destroyOnHidden
        >
          <TicketFacts ticket={viewing} />
        </Drawer>
      )}
      {rating && (
        <RateModal
          ticket={rating}
          onClose={() => setRating(undefined)}
          onSaved={(ticket) => {
            setRating(undefined);
            replace(ticket);
          }}
        />
      )}
    </Space>
  );
}

interface OpenValues {
  caseId: string;
  kind: TicketKind;
  subject: string;
  message: string;
}

function OpenRequestModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [form] = Form.useForm<OpenValues>();
  const [{ data, error, fetching }] = useQuery({ query: TicketCustomerCasesDocument, variables: { first: 100 } });
  const action = useFormAction(TicketOpenDocument, form, ['caseId', 'kind', 'subject', 'message']);
  const cases = data?.myCases.edges.map((e) => e.node) ?? [];
  const required = [{ required: true, whitespace: true, message: t('tickets.required') }];

  const save = async (values: OpenValues) => {
    const result = await action.run(
      { input: { caseId: values.caseId, kind: values.kind, subject: values.subject.trim(), message: values.message.trim() } },
      t('tickets.customer.opened'),
    );
    if (result) onSaved();
  };

  return (
    <Modal
      open
      title={t('tickets.customer.openTitle')}
      okText={t('tickets.customer.submit')}
      cancelText={t('app.cancel')}
      okButtonProps={{ loading: action.fetching, disabled: !fetching && cases.length === 0 }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} style={{ marginBottom: 16 }} />}
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
      {!fetching && !error && cases.length === 0 && (
        <Alert type="info" showIcon title={t('tickets.customer.noCases')} style={{ marginBottom: 16 }} />
      )}
      <Form<OpenValues> form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ kind: 'INQUIRY' }}>
        <Form.Item name="caseId" label={t('tickets.customer.case')} rules={[{ required: true, message: t('tickets.required') }]}>
          <Select loading={fetching} options={cases.map((c) => ({ value: c.id, label: `${c.number} · ${c.application.siteAddress}` }))} />
        </Form.Item>
        <Form.Item name="kind" label={t('tickets.kind')} rules={[{ required: true, message: t('tickets.required') }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: enumLabel(locale, 'TicketKind', k) }))} />
        </Form.Item>
        <Form.Item name="subject" label={t('tickets.customer.subject')} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="message" label={t('tickets.customer.message')} rules={required}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RateModal({
  ticket,
  onClose,
  onSaved,
}: {
  ticket: TicketDetailFragment;
  onClose: () => void;
  onSaved: (ticket: TicketDetailFragment) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ satisfaction: number; comment?: string }>();
  const action = useFormAction(TicketRateDocument, form, ['satisfaction', 'comment']);
  const save = async ({ satisfaction, comment }: { satisfaction: number; comment?: string }) => {
    const text = comment?.trim();
    const data = await action.run(
      { input: { ticketId: ticket.id, satisfaction, ...(text ? { comment: text } : {}) } },
      t('tickets.customer.rated'),
    );
    if (data) onSaved(data.rateTicket);
  };
  return (
    <Modal
      open
      title={t('tickets.customer.rateTitle', { subject: ticket.subject })}
      okText={t('tickets.customer.rateSubmit')}
      cancelText={t('app.cancel')}
      okButtonProps={{ loading: action.fetching }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {action.problem && <Alert type="error" showIcon role="alert" title={action.problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="satisfaction" label={t('tickets.satisfaction')} rules={[{ required: true, message: t('tickets.required') }]}>
          <Radio.Group
            options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t(`tickets.customer.score.${n}` as MessageKey) }))}
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
          />
        </Form.Item>
        <Form.Item name="comment" label={t('tickets.customer.comment')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
