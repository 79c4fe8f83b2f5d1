import { Alert, Button, Checkbox, DatePicker, Descriptions, Divider, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSession } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import {
  CaseApproveSchemeDocument,
  CaseConfirmSchemeDocument,
  CaseDraftSchemeDocument,
  CaseRejectSchemeDocument,
  CaseReplySchemeDocument,
  CaseRequestSchemeChangeDocument,
} from './actions.generated';
import type { MeteringMethod, TariffCategory, Usage, VoltageLevel } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { ConstructionUnitChoice } from './ConstructionUnit';
import { chosen, lines, required } from './forms';

const VOLTAGE_LEVELS: VoltageLevel[] = ['AC220V', 'AC380V', 'AC10KV', 'AC20KV', 'AC35KV', 'AC110KV'];
const METERING_METHODS: MeteringMethod[] = ['HIGH_SUPPLY_HIGH_METERING', 'HIGH_SUPPLY_LOW_METERING', 'LOW_SUPPLY_LOW_METERING'];
const TARIFF_CATEGORIES: TariffCategory[] = ['RESIDENTIAL', 'GENERAL_INDUSTRIAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'AGRICULTURAL'];
const LOW_VOLTAGE: VoltageLevel[] = ['AC220V', 'AC380V'];

/** High voltage is metered on the high side, except small transformers (315 kVA and under) metered on the low side. */
function usualMetering(voltage: VoltageLevel, capacityKva: number): MeteringMethod {
  if (LOW_VOLTAGE.includes(voltage)) return 'LOW_SUPPLY_LOW_METERING';
  return capacityKva <= 315 ? 'HIGH_SUPPLY_LOW_METERING' : 'HIGH_SUPPLY_HIGH_METERING';
}

/** The tariff of the usage; industry of 315 kVA and more pays the large-industrial tariff. */
function usualTariff(usage: Usage, capacityKva: number): TariffCategory {
  if (usage === 'RESIDENTIAL') return 'RESIDENTIAL';
  if (usage === 'AGRICULTURAL') return 'AGRICULTURAL';
  if (usage === 'INDUSTRIAL' && capacityKva >= 315) return 'LARGE_INDUSTRIAL';
  return 'GENERAL_INDUSTRIAL_COMMERCIAL';
}

/** The scheme version as the approver, planner or customer decides on it. */
export function SchemeFacts({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const scheme = caseData.scheme;
  if (!scheme) return <Alert type="info" showIcon title={t('case.scheme.none')} style={{ marginBottom: 16 }} />;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      style={{ marginBottom: 16 }}
      items={[
        { key: 'version', label: t('case.planning.schemeVersion'), children: scheme.version },
        { key: 'status', label: t('case.planning.schemeStatus'), children: enumLabel(locale, 'SchemeStatus', scheme.status) },
        { key: 'voltage', label: t('case.application.voltageLevel'), children: enumLabel(locale, 'VoltageLevel', scheme.voltageLevel) },
        { key: 'capacity', label: t('case.planning.grantedCapacity'), children: t('case.kva', { value: scheme.capacityKva }) },
        { key: 'sources', label: t('case.application.supplySources'), children: scheme.supplySources },
        { key: 'points', label: t('case.planning.supplyPoints'), children: scheme.supplyPoints.join('；') },
        { key: 'metering', label: t('case.planning.meteringMethod'), children: enumLabel(locale, 'MeteringMethod', scheme.meteringMethod) },
        { key: 'tariff', label: t('case.planning.tariffCategory'), children: enumLabel(locale, 'TariffCategory', scheme.tariffCategory) },
        { key: 'boundary', label: t('case.planning.propertyBoundary'), children: scheme.propertyBoundary },
        { key: 'works', label: t('case.scheme.externalWorks'), children: t(scheme.externalWorksRequired ? 'app.yes' : 'app.no') },
        ...(scheme.validUntil ? [{ key: 'valid', label: t('case.scheme.validUntil'), children: formatTime(scheme.validUntil) }] : []),
      ]}
    />
  );
}

interface DraftValues {
  voltageLevel: VoltageLevel;
  capacityKva: number;
  supplySources: number;
  supplyPoints: string;
  meteringMethod: MeteringMethod;
  tariffCategory: TariffCategory;
  propertyBoundary: string;
  externalWorksRequired: boolean;
}

/** The values to start a draft from: the version before (after a rejection or a change request), else the application and the survey. */
function draftStart(caseData: CaseData): DraftValues {
  const scheme = caseData.scheme;
  if (scheme) {
    return {
      voltageLevel: scheme.voltageLevel,
      capacityKva: scheme.capacityKva,
      supplySources: scheme.supplySources,
      supplyPoints: scheme.supplyPoints.join('\n'),
      meteringMethod: scheme.meteringMethod,
      tariffCategory: scheme.tariffCategory,
      propertyBoundary: scheme.propertyBoundary,
      externalWorksRequired: scheme.externalWorksRequired,
    };
  }
  const app = caseData.application;
  return {
    voltageLevel: app.voltageLevel,
    capacityKva: app.capacityKva,
    supplySources: app.supplySources,
    supplyPoints: (caseData.survey?.supplyPointOptions ?? []).join('\n'),
    meteringMethod: usualMetering(app.voltageLevel, app.capacityKva),
    tariffCategory: usualTariff(app.usage, app.capacityKva),
    propertyBoundary: '',
    externalWorksRequired: false,
  };
}

/** The planner drafts the supply scheme; after a rejection or the customer's change request, its next version. */
export function DraftScheme({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<DraftValues>();
  const fields = [
    'voltageLevel',
    'capacityKva',
    'supplySources',
    'supplyPoints',
    'meteringMethod',
    'tariffCategory',
    'propertyBoundary',
    'externalWorksRequired',
  ];
  const draft = useAction(CaseDraftSchemeDocument, { stateLabel, form, fields });
  const [initial] = useState(() => draftStart(caseData));
  const scheme = caseData.scheme;
  const survey = caseData.survey;

  const onFinish = async (values: DraftValues) => {
    const input = {
      caseId,
      voltageLevel: values.voltageLevel,
      capacityKva: values.capacityKva,
      supplySources: values.supplySources,
      supplyPoints: lines(values.supplyPoints),
      meteringMethod: values.meteringMethod,
      tariffCategory: values.tariffCategory,
      propertyBoundary: values.propertyBoundary.trim(),
      externalWorksRequired: values.externalWorksRequired,
    };
    if (await draft.run({ input }, t('case.scheme.drafted'))) onDone();
  };

  return (
    <div>
      {scheme?.status === 'REJECTED' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('case.scheme.rejectedTitle', { version: scheme.version })}
          description={`${scheme.rejectionReason ?? ''}（${formatTime(scheme.rejectedAt)}）`}
        />
      )}
      {scheme?.status === 'CHANGE_REQUESTED' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('case.scheme.changeRequestedTitle', { version: scheme.version })}
          description={`${scheme.changeRequestReason ?? ''}（${formatTime(scheme.changeRequestedAt)}）`}
        />
      )}
      {survey?.completedAt && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'conditions', label: t('case.planning.siteConditions'), children: survey.siteConditions ?? '—' },
            { key: 'points', label: t('case.planning.supplyPointOptions'), children: survey.supplyPointOptions.join('；') || '—' },
          ]}
        />
      )}
      <Form form={form} layout="vertical" name={`draft-scheme-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={draft.problem} />
        <Form.Item name="voltageLevel" label={t('case.application.voltageLevel')} rules={chosen(t('error.reason.required'))}>
          <Select
            style={{ maxWidth: 320 }}
            options={VOLTAGE_LEVELS.map((value) => ({ value, label: enumLabel(locale, 'VoltageLevel', value) }))}
          />
        </Form.Item>
        <Form.Item
          name="capacityKva"
          label={t('case.scheme.capacityKva')}
          rules={[...chosen(t('error.reason.required')), { type: 'number', min: 0.01, message: t('error.reason.positive') }]}
        >
          <InputNumber min={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="supplySources" label={t('case.application.supplySources')} rules={chosen(t('error.reason.required'))}>
          <Radio.Group
            options={[
              { value: 1, label: t('case.scheme.singleSource') },
              { value: 2, label: t('case.scheme.dualSource') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="supplyPoints"
          label={t('case.scheme.supplyPoints')}
          extra={t('case.scheme.supplyPointsHint')}
          rules={required(t('error.reason.required'))}
        >
          <Input.TextArea rows={3} style={{ maxWidth: 560 }} />
        </Form.Item>
        <Form.Item name="meteringMethod" label={t('case.planning.meteringMethod')} rules={chosen(t('error.reason.required'))}>
          <Select
            style={{ maxWidth: 320 }}
            options={METERING_METHODS.map((value) => ({ value, label: enumLabel(locale, 'MeteringMethod', value) }))}
          />
        </Form.Item>
        <Form.Item name="tariffCategory" label={t('case.planning.tariffCategory')} rules={chosen(t('error.reason.required'))}>
          <Select
            style={{ maxWidth: 320 }}
            options={TARIFF_CATEGORIES.map((value) => ({ value, label: enumLabel(locale, 'TariffCategory', value) }))}
          />
        </Form.Item>
        <Form.Item name="propertyBoundary" label={t('case.planning.propertyBoundary')} rules={required(t('error.reason.required'))}>
          <Input maxLength={500} placeholder={t('case.scheme.propertyBoundaryExample')} style={{ maxWidth: 560 }} />
        </Form.Item>
        <Form.Item name="externalWorksRequired" valuePropName="checked">
          <Checkbox>{t('case.scheme.externalWorksRequired')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={draft.fetching}>
          {t(scheme ? 'case.scheme.draftNext' : 'case.scheme.draft')}
        </Button>
      </Form>
    </div>
  );
}

/** An approver signs the next level of the drafted scheme, or rejects it with the reason the planner revises from. */
export function ApproveScheme({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<{ reason: string }>();
  const approve = useAction(CaseApproveSchemeDocument, { stateLabel });
  const reject = useAction(CaseRejectSchemeDocument, { stateLabel, form, fields: ['reason'] });
  const scheme = caseData.scheme;
  const level = (scheme?.approvals.length ?? 0) + 1;
  // Each level is signed by a different person.
  const signedByMe = scheme?.approvals.find((a) => a.approvedBy === session?.claims.sub);

  const onApprove = async () => {
    if (await approve.run({ caseId }, t('case.scheme.approved', { level }))) onDone();
  };
  const onReject = async ({ reason }: { reason: string }) => {
    if (await reject.run({ input: { caseId, reason: reason.trim() } }, t('case.scheme.rejected'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <div>
      <SchemeFacts caseData={caseData} />
      {scheme && (
        <Typography.Paragraph>
          {t('case.scheme.level', { level, levels: scheme.requiredLevels })}
          {scheme.approvals.length > 0 &&
            ` ${t('case.scheme.levelsSigned', {
              signed: scheme.approvals.map((a) => `${a.level}：${a.approvedBy} ${formatTime(a.approvedAt)}`).join('；'),
            })}`}
        </Typography.Paragraph>
      )}
      {signedByMe && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('case.scheme.signedByMe', { level: signedByMe.level })} />
      )}
      <ActionProblemAlert problem={approve.problem} />
      <Button type="primary" onClick={() => void onApprove()} loading={approve.fetching} disabled={Boolean(signedByMe)}>
        {t('case.scheme.approve')}
      </Button>
      <Divider />
      <Form form={form} layout="vertical" name={`reject-scheme-${caseId}`} onFinish={(v) => void onReject(v)} style={{ maxWidth: 640 }}>
        <ActionProblemAlert problem={reject.problem} />
        <Form.Item name="reason" label={t('case.scheme.rejectReason')} rules={required(t('error.reason.required'))}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" danger loading={reject.fetching}>
          {t('case.scheme.reject')}
        </Button>
      </Form>
    </div>
  );
}

/** The planner replies the approved scheme to the customer, with the date until which it may be confirmed (the class's validity when left empty). */
export function ReplyScheme({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ validUntil?: Dayjs | null }>();
  const reply = useAction(CaseReplySchemeDocument, { stateLabel, form, fields: ['validUntil'] });

  const onFinish = async ({ validUntil }: { validUntil?: Dayjs | null }) => {
    const input = { caseId, validUntil: validUntil ? validUntil.endOf('day').toISOString() : undefined };
    if (await reply.run({ input }, t('case.scheme.replied'))) onDone();
  };

  return (
    <div>
      <SchemeFacts caseData={caseData} />
      <Form form={form} layout="vertical" name={`reply-scheme-${caseId}`} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={reply.problem} />
        <Form.Item name="validUntil" label={t('case.scheme.replyValidUntil')} extra={t('case.scheme.replyValidUntilHint')}>
          <DatePicker disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={reply.fetching}>
          {t('case.scheme.reply')}
        </Button>
      </Form>
    </div>
  );
}

/** The customer confirms the replied scheme before it expires, or asks for a change; and chooses who builds. */
export function ConfirmScheme(props: CaseActionProps) {
  const { caseId, caseData, onDone } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const confirm = useAction(CaseConfirmSchemeDocument, { stateLabel });
  const change = useAction(CaseRequestSchemeChangeDocument, { stateLabel, form, fields: ['reason'] });

  const onConfirm = async () => {
    if (await confirm.run({ caseId }, t('case.scheme.confirmed'))) onDone();
  };
  const onChange = async ({ reason }: { reason: string }) => {
    if (await change.run({ input: { caseId, reason: reason.trim() } }, t('case.scheme.changeRequested'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <div>
      <SchemeFacts caseData={caseData} />
      <ActionProblemAlert problem={confirm.problem} />
      <Button type="primary" onClick={() => void onConfirm()} loading={confirm.fetching}>
        {t('case.scheme.confirm')}
      </Button>
      <Divider />
      <Form form={form} layout="vertical" name={`scheme-change-${caseId}`} onFinish={(v) => void onChange(v)} style={{ maxWidth: 640 }}>
        <ActionProblemAlert problem={change.problem} />
        <Form.Item name="reason" label={t('case.scheme.changeReason')} rules={required(t('error.reason.required'))}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={change.fetching}>
          {t('case.scheme.requestChange')}
        </Button>
      </Form>
      <ConstructionUnitChoice {...props} />
    </div>
  );
}
