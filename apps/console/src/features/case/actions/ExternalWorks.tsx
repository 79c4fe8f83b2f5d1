import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import {
  CaseApplyWorksPermitDocument,
  CaseCompleteExternalWorksDocument,
  CaseGrantWorksPermitDocument,
  CaseRecordWorksProgressDocument,
  CaseRefuseWorksPermitDocument,
} from './actions.generated';
import type { WorksPermitKind } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { chosen, required } from './forms';

type Works = NonNullable<CaseData['externalWorks']>;
type Permit = Works['permits'][number];

const PERMIT_KINDS: WorksPermitKind[] = ['ROAD_EXCAVATION', 'GREEN_SPACE', 'TRAFFIC', 'OTHER'];

/** The latest application of each kind of permit: what the works hold or still wait for. */
function latestByKind(permits: readonly Permit[]): Permit[] {
  const latest = new Map<WorksPermitKind, Permit>();
  for (const permit of [...permits].sort((a, b) => Date.parse(a.appliedAt) - Date.parse(b.appliedAt))) latest.set(permit.kind, permit);
  return [...latest.values()];
}

/** The authority's decision on one pending application: granted with the permit number, or refused with the reason. */
function PermitDecision({ caseId, permit, onDone }: { caseId: string; permit: Permit; onDone: () => void }) {
  const { t, locale } = useI18n();
  const [grantForm] = Form.useForm<{ reference: string }>();
  const [refuseForm] = Form.useForm<{ reason: string }>();
  const grant = useAction(CaseGrantWorksPermitDocument, { stateLabel, form: grantForm, fields: ['reference'] });
  const refuse = useAction(CaseRefuseWorksPermitDocument, { stateLabel, form: refuseForm, fields: ['reason'] });
  const kind = enumLabel(locale, 'WorksPermitKind', permit.kind);

  const onGrant = async ({ reference }: { reference: string }) => {
    if (await grant.run({ input: { caseId, permitId: permit.id, reference: reference.trim() } }, t('case.works.granted', { kind })))
      onDone();
  };
  const onRefuse = async ({ reason }: { reason: string }) => {
    if (await refuse.run({ input: { caseId, permitId: permit.id, reason: reason.trim() } }, t('case.works.refused', { kind }))) onDone();
  };

  return (
    <Card size="small" title={t('case.works.decisionTitle', { kind, authority: permit.authority })} style={{ marginBottom: 16 }}>
      <Space align="start" wrap size="large">
        <Form form={grantForm} layout="vertical" name={`grant-permit-${permit.id}`} onFinish={(v) => void onGrant(v)}>
          <ActionProblemAlert problem={grant.problem} />
          <Form.Item name="reference" label={t('case.works.reference')} rules={required(t('error.reason.required'))}>
            <Input maxLength={100} style={{ width: 260 }} placeholder="PD-JL-2026-0117" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={grant.fetching}>
            {t('case.works.grant')}
          </Button>
        </Form>
        <Form form={refuseForm} layout="vertical" name={`refuse-permit-${permit.id}`} onFinish={(v) => void onRefuse(v)}>
          <ActionProblemAlert problem={refuse.problem} />
          <Form.Item name="reason" label={t('case.works.refusalReason')} rules={required(t('error.reason.required'))}>
            <Input maxLength={1000} style={{ width: 320 }} />
          </Form.Item>
          <Button danger htmlType="submit" loading={refuse.fetching}>
            {t('case.works.refuse')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}

/**
 * The utility's external works (配套工程) a confirmed scheme ordered, run by the planner: the
 * permits applied for and the authorities' decisions, progress notes, and the completion once
 * every permit applied for is granted. Says which of these is next.
 */
export function ExternalWorks({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [applyForm] = Form.useForm<{ kind: WorksPermitKind; authority: string }>();
  const [progressForm] = Form.useForm<{ note: string }>();
  const [completeForm] = Form.useForm<{ note?: string }>();
  const apply = useAction(CaseApplyWorksPermitDocument, { stateLabel, form: applyForm, fields: ['kind', 'authority'] });
  const progress = useAction(CaseRecordWorksProgressDocument, { stateLabel, form: progressForm, fields: ['note'] });
  const complete = useAction(CaseCompleteExternalWorksDocument, { stateLabel, form: completeForm, fields: ['note'] });
  const works = caseData.externalWorks;
  if (!works) return <Alert type="info" showIcon title={t('case.works.none')} />;
  const latest = latestByKind(works.permits);
  const pending = latest.filter((p) => p.status === 'APPLIED');
  const refused = latest.filter((p) => p.status === 'REFUSED');
  const kinds = (permits: Permit[]) => permits.map((p) => enumLabel(locale, 'WorksPermitKind', p.kind)).join('、');
  const next = pending.length
    ? t('case.works.next.decide', { kinds: kinds(pending) })
    : refused.length
      ? t('case.works.next.reapply', { kinds: kinds(refused) })
      : t('case.works.next.build');

  const onApply = async (values: { kind: WorksPermitKind; authority: string }) => {
    const input = { caseId, kind: values.kind, authority: values.authority.trim() };
    if (await apply.run({ input }, t('case.works.applied'))) {
      applyForm.resetFields();
      onDone();
    }
  };
  const onProgress = async ({ note }: { note: string }) => {
    if (await progress.run({ input: { caseId, note: note.trim() } }, t('case.works.progressRecorded'))) {
      progressForm.resetFields();
      onDone();
    }
  };
  const onComplete = async ({ note }: { note?: string }) => {
    if (await complete.run({ input: { caseId, note: note?.trim() || undefined } }, t('case.works.completed'))) onDone();
  };

  return (
    <div>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'status', label: t('case.works.status'), children: enumLabel(locale, 'ExternalWorksStatus', works.status) },
          { key: 'ordered', label: t('case.works.orderedAt'), children: formatTime(works.orderedAt) },
        ]}
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('case.works.next')} description={next} />

      <Typography.Title level={3}>{t('case.works.permitsTitle')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        style={{ marginBottom: 16 }}
        rowKey={(p) => p.id}
        dataSource={works.permits}
        locale={{ emptyText: t('case.works.noPermits') }}
        columns={[
          { key: 'kind', title: t('case.works.col.kind'), render: (_, p) => enumLabel(locale, 'WorksPermitKind', p.kind) },
          { key: 'authority', title: t('case.works.col.authority'), render: (_, p) => p.authority },
          { key: 'status', title: t('case.works.col.status'), render: (_, p) => enumLabel(locale, 'WorksPermitStatus', p.status) },
          { key: 'applied', title: t('case.works.col.appliedAt'), render: (_, p) => formatTime(p.appliedAt) },
          { key: 'decision', title: t('case.works.col.decision'), render: (_, p) => p.reference ?? p.refusalReason ?? '—' },
        ]}
      />
      {pending.map((permit) => (
        <PermitDecision key={permit.id} caseId={caseId} permit={permit} onDone={onDone} />
      ))}
      <Form
        form={applyForm}
        layout="vertical"
        name={`apply-permit-${caseId}`}
        initialValues={{ kind: 'ROAD_EXCAVATION' }}
        onFinish={(v) => void onApply(v)}
      >
        <ActionProblemAlert problem={apply.problem} />
        <Space align="start" wrap>
          <Form.Item name="kind" label={t('case.works.kind')} rules={chosen(t('error.reason.required'))}>
            <Select
              style={{ width: 220 }}
              options={PERMIT_KINDS.map((value) => ({ value, label: enumLabel(locale, 'WorksPermitKind', value) }))}
            />
          </Form.Item>
          <Form.Item name="authority" label={t('case.works.authority')} rules={required(t('error.reason.required'))}>
            <Input maxLength={200} style={{ width: 320 }} placeholder={t('case.works.authorityExample')} />
          </Form.Item>
        </Space>
        <Button htmlType="submit" loading={apply.fetching}>
          {t('case.works.apply')}
        </Button>
      </Form>

      <Typography.Title level={3} style={{ marginTop: 24 }}>
        {t('case.works.progressTitle')}
      </Typography.Title>
      {works.progress.length > 0 ? (
        <ul style={{ paddingInlineStart: 20 }}>
          {works.progress.map((p) => (
            <li key={p.id}>
              {formatTime(p.recordedAt)} {p.note}
            </li>
          ))}
        </ul>
      ) : (
        <Typography.Paragraph type="secondary">{t('case.works.noProgress')}</Typography.Paragraph>
      )}
      <Form
        form={progressForm}
        layout="vertical"
        name={`works-progress-${caseId}`}
        onFinish={(v) => void onProgress(v)}
        style={{ maxWidth: 640 }}
      >
        <ActionProblemAlert problem={progress.problem} />
        <Form.Item name="note" label={t('case.works.progressNote')} rules={required(t('error.reason.required'))}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('case.works.progressExample')} />
        </Form.Item>
        <Button htmlType="submit" loading={progress.fetching}>
          {t('case.works.recordProgress')}
        </Button>
      </Form>

      <Typography.Title level={3} style={{ marginTop: 24 }}>
        {t('case.works.completeTitle')}
      </Typography.Title>
      <Form
        form={completeForm}
        layout="vertical"
        name={`complete-works-${caseId}`}
        onFinish={(v) => void onComplete(v)}
        style={{ maxWidth: 640 }}
      >
        <ActionProblemAlert problem={complete.problem} />
        <Form.Item name="note" label={t('case.works.completionNote')}>
          <Input maxLength={1000} placeholder={t('case.works.completionExample')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={complete.fetching} disabled={pending.length + refused.length > 0}>
          {t('case.works.complete')}
        </Button>
      </Form>
    </div>
  );
}
