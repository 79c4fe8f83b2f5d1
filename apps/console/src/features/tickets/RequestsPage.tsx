import { Alert, Button, Drawer, Form, Input, Radio, Select, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import { ActionProblemAlert } from '../../components/ActionProblemAlert';
import { CursorTable } from '../../components/CursorTable';
import { FormModal } from '../../components/FormDialog';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import {
  TicketCustomerCasesDocument,
  TicketListDocument,
  TicketOpenDocument,
  TicketRateDocument,
  type TicketDetailFragment,
} from './tickets.generated';
import type { TicketKind } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { formatTime, KINDS, StatusTag, TICKET_PAGE, TicketFacts, ticketsPage, type TicketEdge } from './ticket-parts';

const NO_FILTER = {};

/**
 * The customer's (or agent's) service requests: raise one on an application, read the answer,
 * rate the service once resolved (which closes the request).
 */
export function RequestsPage() {
  const { t, locale } = useI18n();
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
      title: t('app.actions'),
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
    <Page
      title={t('tickets.customer.title')}
      action={
        <Button type="primary" onClick={() => setOpening(true)}>
          {t('tickets.customer.open')}
        </Button>
      }
      intro={t('tickets.customer.intro')}
    >
      <CursorTable
        list={list}
        columns={columns}
        caption={t('tickets.customer.caption')}
        empty={t('tickets.customer.empty')}
        counted={false}
      />
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
    </Page>
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
  const action = useAction(TicketOpenDocument, { form, fields: ['caseId', 'kind', 'subject', 'message'] });
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
    <FormModal
      title={t('tickets.customer.openTitle')}
      okText={t('tickets.customer.submit')}
      disabled={!fetching && cases.length === 0}
      form={form}
      saving={action.fetching}
      onClose={onClose}
    >
      {error && <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} style={{ marginBottom: 16 }} />}
      <ActionProblemAlert problem={action.problem} inline />
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
    </FormModal>
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
  const action = useAction(TicketRateDocument, { form, fields: ['satisfaction', 'comment'] });
  const save = async ({ satisfaction, comment }: { satisfaction: number; comment?: string }) => {
    const text = comment?.trim();
    const data = await action.run(
      { input: { ticketId: ticket.id, satisfaction, ...(text ? { comment: text } : {}) } },
      t('tickets.customer.rated'),
    );
    if (data) onSaved(data.rateTicket);
  };
  return (
    <FormModal
      title={t('tickets.customer.rateTitle', { subject: ticket.subject })}
      okText={t('tickets.customer.rateSubmit')}
      form={form}
      saving={action.fetching}
      onClose={onClose}
    >
      <ActionProblemAlert problem={action.problem} inline />
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
    </FormModal>
  );
}
