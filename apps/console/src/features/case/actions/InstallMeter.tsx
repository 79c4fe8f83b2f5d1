import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Steps, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSession } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import {
  CaseAssignMeterDocument,
  CaseRecordMeterInstallationDocument,
  CaseRegisterMeterDocument,
  CaseScheduleInstallationDocument,
} from '../case.generated';
import type { AccuracyClass, MeterType } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { ACCURACY_CLASSES, METER_TYPES, needsCt, needsPt } from '../../registries/meter-kinds';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';

/** The meter that fits the case's metering method and supply voltage (the metering service's fit rules), to start from. */
function fittingMeter(caseData: CaseData): { type: MeterType; accuracyClass: AccuracyClass } {
  const method = caseData.metering?.meteringMethod ?? caseData.scheme?.meteringMethod;
  if (method === 'HIGH_SUPPLY_HIGH_METERING') return { type: 'HV_CT_PT', accuracyClass: 'CLASS_0_5S' };
  if (method === 'HIGH_SUPPLY_LOW_METERING') return { type: 'THREE_PHASE_CT', accuracyClass: 'CLASS_0_5S' };
  const voltage = caseData.scheme?.voltageLevel ?? caseData.application.voltageLevel;
  return { type: voltage === 'AC220V' ? 'SINGLE_PHASE' : 'THREE_PHASE_DIRECT', accuracyClass: 'CLASS_2' };
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

interface RegisterValues {
  number: string;
  type: MeterType;
  accuracyClass: AccuracyClass;
  ctRatio?: string;
  ptRatio?: string;
}

/** A meter received into stock, when the one to fit is not registered yet; its number then fills the assignment. */
function RegisterMeter({ caseData, onRegistered }: { caseData: CaseData; onRegistered: (number: string) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<RegisterValues>();
  const register = useAction(CaseRegisterMeterDocument, {
    stateLabel,
    form,
    fields: ['number', 'type', 'accuracyClass', 'ctRatio', 'ptRatio'],
  });
  const type = Form.useWatch('type', form) ?? fittingMeter(caseData).type;

  const onFinish = async (values: RegisterValues) => {
    const input = {
      number: values.number.trim(),
      type: values.type,
      accuracyClass: values.accuracyClass,
      ctRatio: needsCt(values.type) ? values.ctRatio?.trim() : undefined,
      ptRatio: needsPt(values.type) ? values.ptRatio?.trim() : undefined,
    };
    const data = await register.run({ input }, t('case.meter.registered', { number: input.number }));
    if (data) {
      form.resetFields();
      onRegistered(data.registerMeter.number);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      name={`register-meter-${caseData.id}`}
      initialValues={fittingMeter(caseData)}
      onFinish={(v) => void onFinish(v)}
    >
      <ActionProblemAlert problem={register.problem} />
      <Form.Item name="number" label={t('case.meter.number')} rules={required(t('error.reason.required'))}>
        <Input maxLength={64} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item name="type" label={t('case.meter.type')} rules={[{ required: true, message: t('error.reason.required') }]}>
        <Select style={{ maxWidth: 320 }} options={METER_TYPES.map((value) => ({ value, label: enumLabel(locale, 'MeterType', value) }))} />
      </Form.Item>
      <Form.Item
        name="accuracyClass"
        label={t('case.meter.accuracyClass')}
        rules={[{ required: true, message: t('error.reason.required') }]}
      >
        <Select
          style={{ maxWidth: 320 }}
          options={ACCURACY_CLASSES.map((value) => ({ value, label: enumLabel(locale, 'AccuracyClass', value) }))}
        />
      </Form.Item>
      {needsCt(type) && (
        <Form.Item name="ctRatio" label={t('case.meter.ctRatio')} rules={required(t('error.reason.required'))}>
          <Input placeholder="200/5" style={{ maxWidth: 320 }} />
        </Form.Item>
      )}
      {needsPt(type) && (
        <Form.Item name="ptRatio" label={t('case.meter.ptRatio')} rules={required(t('error.reason.required'))}>
          <Input placeholder="10000/100" style={{ maxWidth: 320 }} />
        </Form.Item>
      )}
      <Button htmlType="submit" loading={register.fetching}>
        {t('case.meter.register')}
      </Button>
    </Form>
  );
}

function AssignMeter({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ meterNumber: string }>();
  const assign = useAction(CaseAssignMeterDocument, { stateLabel, form, fields: ['meterNumber'], aliases: { meterId: 'meterNumber' } });

  const onFinish = async ({ meterNumber }: { meterNumber: string }) => {
    if (await assign.run({ input: { caseId, meterNumber: meterNumber.trim() } }, t('case.meter.assigned'))) onDone();
  };

  return (
    <>
      <Card size="small" title={t('case.meter.assignTitle')} style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" name={`assign-meter-${caseId}`} onFinish={(v) => void onFinish(v)}>
          <ActionProblemAlert problem={assign.problem} />
          <Form.Item name="meterNumber" label={t('case.meter.assignNumber')} rules={required(t('error.reason.required'))}>
            <Input maxLength={64} style={{ maxWidth: 320 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={assign.fetching}>
            {t('case.meter.assign')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('case.meter.registerTitle')}>
        <Typography.Paragraph type="secondary">{t('case.meter.registerHint')}</Typography.Paragraph>
        <RegisterMeter caseData={caseData} onRegistered={(number) => form.setFieldsValue({ meterNumber: number })} />
      </Card>
    </>
  );
}

interface ScheduleValues {
  technicianId: string;
  scheduledAt: Dayjs;
}

function ScheduleInstallation({ caseId, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useAction(CaseScheduleInstallationDocument, { stateLabel, form, fields: ['technicianId', 'scheduledAt'] });
  // The appointment defaults to the next hour: never in the past when sent.
  const [initial] = useState(() => ({ technicianId: session?.claims.sub ?? '', scheduledAt: dayjs().add(1, 'hour').startOf('minute') }));

  const onFinish = async (values: ScheduleValues) => {
    const input = { caseId, technicianId: values.technicianId.trim(), scheduledAt: values.scheduledAt.toISOString() };
    if (await schedule.run({ input }, t('case.meter.scheduled'))) onDone();
  };

  return (
    <Form form={form} layout="vertical" name={`schedule-installation-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
      <ActionProblemAlert problem={schedule.problem} />
      <Form.Item name="technicianId" label={t('case.meter.technician')} rules={required(t('error.reason.required'))}>
        <Input maxLength={100} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item name="scheduledAt" label={t('case.meter.scheduledAt')} rules={[{ required: true, message: t('error.reason.required') }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={schedule.fetching}>
        {t('case.meter.schedule')}
      </Button>
    </Form>
  );
}

interface InstallationValues {
  installedAt: Dayjs;
  reading: number;
  seals: string;
}

function RecordInstallation({ caseId, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<InstallationValues>();
  const record = useAction(CaseRecordMeterInstallationDocument, {
    stateLabel,
    form,
    fields: ['installedAt', 'reading', 'seals'],
    aliases: { sealNumbers: 'seals' },
  });
  // Installed just now by default: never in the future when sent.
  const [initial] = useState(() => ({ installedAt: dayjs().subtract(1, 'minute').startOf('minute'), reading: 0 }));

  const onFinish = async (values: InstallationValues) => {
    const sealNumbers = values.seals
      .split(/[,，;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const input = { caseId, installedAt: values.installedAt.toISOString(), reading: values.reading, sealNumbers };
    if (await record.run({ input }, t('case.meter.installed'))) onDone();
  };

  return (
    <Form form={form} layout="vertical" name={`record-installation-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
      <ActionProblemAlert problem={record.problem} />
      <Form.Item name="installedAt" label={t('case.meter.installedAt')} rules={[{ required: true, message: t('error.reason.required') }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="reading" label={t('case.meter.reading')} rules={[{ required: true, message: t('error.reason.required') }]}>
        <InputNumber min={0} step={0.1} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="seals" label={t('case.meter.seals')} extra={t('case.meter.sealsHint')} rules={required(t('error.reason.required'))}>
        <Input style={{ maxWidth: 420 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={record.fetching}>
        {t('case.meter.record')}
      </Button>
    </Form>
  );
}

/**
 * The meter on site, in its steps: a meter assigned (registered into stock first when needed),
 * the installation scheduled, the installation recorded. The case's metering says which is next.
 */
export function InstallMeter(props: CaseActionProps) {
  const { t, locale } = useI18n();
  const metering = props.caseData.metering;
  if (!metering) return <Alert type="info" showIcon title={t('case.meter.notOpen')} />;
  const installation = metering.installation;
  const current = !metering.meter ? 0 : !installation?.order || installation.status === 'CANCELLED' ? 1 : 2;
  return (
    <div>
      <Steps
        size="small"
        current={current}
        style={{ marginBottom: 16 }}
        items={[{ title: t('case.meter.stepAssign') }, { title: t('case.meter.stepSchedule') }, { title: t('case.meter.stepInstall') }]}
      />
      {metering.meter && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'meter',
              label: t('case.meter.assignedMeter'),
              children: `${metering.meter.number}（${enumLabel(locale, 'MeterType', metering.meter.type)}，${enumLabel(locale, 'AccuracyClass', metering.meter.accuracyClass)}）`,
            },
            ...(installation?.order
              ? [
                  {
                    key: 'order',
                    label: t('case.meter.appointment'),
                    children: `${formatTime(installation.order.scheduledAt)} ${installation.order.technicianId}`,
                  },
                ]
              : []),
          ]}
        />
      )}
      {current === 0 && <AssignMeter {...props} />}
      {current === 1 && <ScheduleInstallation {...props} />}
      {current === 2 && <RecordInstallation {...props} />}
    </div>
  );
}
