import { Alert, Button, Collapse, DatePicker, Form, Input, InputNumber, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import {
  CasePostponeEnergizationDocument,
  CasePostponeMeterInstallationDocument,
  CaseRecordMeterRemovalDocument,
  CaseRescheduleInstallationDocument,
  CaseResumeEnergizationDocument,
  CaseResumeMeterInstallationDocument,
} from './actions.generated';
import { useAction, type ActionProblem } from '../../../graphql/use-action';
import type { MessageKey } from '../../../i18n/messages';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';
import { Energize } from './Energize';
import { chosen, required } from './forms';
import { InstallMeter } from './InstallMeter';

interface RescheduleValues {
  scheduledAt: Dayjs;
  technicianId?: string;
  reason: string;
}

/** The installation appointment moved (another technician may be sent), with the reason. */
function RescheduleInstallation({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<RescheduleValues>();
  const move = useAction(CaseRescheduleInstallationDocument, { stateLabel, form, fields: ['scheduledAt', 'technicianId', 'reason'] });
  // A day after the current appointment, and never in the past when sent.
  const [initial] = useState(() => {
    const later = dayjs(caseData.metering?.installation?.order?.scheduledAt).add(1, 'day');
    const soonest = dayjs().add(1, 'hour').startOf('hour');
    return { scheduledAt: later.isAfter(soonest) ? later : soonest };
  });

  const onFinish = async (values: RescheduleValues) => {
    const input = {
      caseId,
      scheduledAt: values.scheduledAt.toISOString(),
      technicianId: values.technicianId?.trim() || undefined,
      reason: values.reason.trim(),
    };
    if (await move.run({ input }, t('case.meterWait.rescheduled'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      name={`reschedule-installation-${caseId}`}
      initialValues={initial}
      onFinish={(v) => void onFinish(v)}
    >
      <ActionProblemAlert problem={move.problem} />
      <Form.Item name="scheduledAt" label={t('case.meterWait.newScheduledAt')} rules={chosen(t('error.reason.required'))}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="reason" label={t('case.meterWait.moveReason')} rules={required(t('error.reason.required'))}>
        <Input maxLength={500} placeholder={t('case.meterWait.moveReasonExample')} style={{ maxWidth: 480 }} />
      </Form.Item>
      <Form.Item name="technicianId" label={t('case.meterWait.otherTechnician')}>
        <Input maxLength={100} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Button htmlType="submit" loading={move.fetching}>
        {t('case.meterWait.reschedule')}
      </Button>
    </Form>
  );
}

interface WaitWords {
  paused: MessageKey;
  reason: MessageKey;
  example: MessageKey;
  postpone: MessageKey;
  resume: MessageKey;
}

interface WaitProps {
  name: string;
  paused: boolean;
  words: WaitWords;
  form: FormInstance<{ reason: string }>;
  postpone: { fetching: boolean; problem?: ActionProblem; onReason: (reason: string) => Promise<void> };
  resume: { fetching: boolean; problem?: ActionProblem; onResume: () => Promise<void> };
}

/** A step's clock paused while it waits on the customer, or the wait to record with its reason. */
function WaitOnCustomer({ name, paused, words, form, postpone, resume }: WaitProps) {
  const { t } = useI18n();
  if (paused) {
    return (
      <div>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(words.paused)} />
        <ActionProblemAlert problem={resume.problem} />
        <Button onClick={() => void resume.onResume()} loading={resume.fetching}>
          {t(words.resume)}
        </Button>
      </div>
    );
  }
  return (
    <Form form={form} layout="vertical" name={name} onFinish={(v) => void postpone.onReason(v.reason.trim())} style={{ maxWidth: 640 }}>
      <ActionProblemAlert problem={postpone.problem} />
      <Form.Item name="reason" label={t(words.reason)} rules={required(t('error.reason.required'))}>
        <Input maxLength={1000} placeholder={t(words.example)} />
      </Form.Item>
      <Button htmlType="submit" loading={postpone.fetching}>
        {t(words.postpone)}
      </Button>
    </Form>
  );
}

/** The installation waits on the customer (the meter installation clock pauses), or the customer is ready again. */
function MeterInstallationWait({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const postpone = useAction(CasePostponeMeterInstallationDocument, { stateLabel, form, fields: ['reason'] });
  const resume = useAction(CaseResumeMeterInstallationDocument, { stateLabel });
  const clock = caseData.metering?.meterInstallationClock;
  return (
    <WaitOnCustomer
      name={`postpone-installation-${caseId}`}
      paused={Boolean(clock?.paused)}
      form={form}
      words={{
        paused: 'case.meterWait.installationPaused',
        reason: 'case.meterWait.installationReason',
        example: 'case.meterWait.installationExample',
        postpone: 'case.meterWait.postponeInstallation',
        resume: 'case.meterWait.resumeInstallation',
      }}
      postpone={{
        ...postpone,
        onReason: async (reason) => {
          if (await postpone.run({ input: { caseId, reason } }, t('case.meterWait.installationPostponed'))) {
            form.resetFields();
            onDone();
          }
        },
      }}
      resume={{
        ...resume,
        onResume: async () => {
          if (await resume.run({ caseId }, t('case.meterWait.installationResumed'))) onDone();
        },
      }}
    />
  );
}

/** The power-on waits on the customer (the energization clock pauses), or the customer is ready again. */
function EnergizationWait({ caseId, onDone, paused }: CaseActionProps & { paused: boolean }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const postpone = useAction(CasePostponeEnergizationDocument, { stateLabel, form, fields: ['reason'] });
  const resume = useAction(CaseResumeEnergizationDocument, { stateLabel });
  return (
    <WaitOnCustomer
      name={`postpone-energization-${caseId}`}
      paused={paused}
      form={form}
      words={{
        paused: 'case.meterWait.energizationPaused',
        reason: 'case.meterWait.energizationReason',
        example: 'case.meterWait.energizationExample',
        postpone: 'case.meterWait.postponeEnergization',
        resume: 'case.meterWait.resumeEnergization',
      }}
      postpone={{
        ...postpone,
        onReason: async (reason) => {
          if (await postpone.run({ input: { caseId, reason } }, t('case.meterWait.energizationPostponed'))) {
            form.resetFields();
            onDone();
          }
        },
      }}
      resume={{
        ...resume,
        onResume: async () => {
          if (await resume.run({ caseId }, t('case.meterWait.energizationResumed'))) onDone();
        },
      }}
    />
  );
}

/**
 * The meter on site in its steps, and the rarer turns: the appointment moved, and the wait on a
 * customer not ready once the meter is the last thing the power-on waits for.
 */
export function InstallMeterWithWaits(props: CaseActionProps) {
  const { t } = useI18n();
  const metering = props.caseData.metering;
  const installation = metering?.installation;
  const scheduled = installation?.order && installation.status === 'SCHEDULED';
  const clock = metering?.meterInstallationClock;
  // The installation is timed (and can wait on the customer) only once every other gate condition holds.
  const timed = Boolean(clock && !clock.stoppedAt && installation?.status !== 'INSTALLED');
  const items = [
    ...(scheduled ? [{ key: 'move', label: t('case.meterWait.moveTitle'), children: <RescheduleInstallation {...props} /> }] : []),
    ...(timed ? [{ key: 'wait', label: t('case.meterWait.installationWaitTitle'), children: <MeterInstallationWait {...props} /> }] : []),
  ];
  return (
    <div>
      <InstallMeter {...props} />
      {items.length > 0 && <Collapse style={{ marginTop: 16 }} items={items} defaultActiveKey={clock?.paused ? ['wait'] : []} />}
    </div>
  );
}

/** The power-on, and the wait on a customer not ready for it (from the gate opening on). */
export function EnergizeWithWait(props: CaseActionProps) {
  const { t } = useI18n();
  const clock = props.caseData.metering?.clock;
  const running = Boolean(clock && !clock.stoppedAt);
  return (
    <div>
      <Energize {...props} />
      {running && (
        <Collapse
          style={{ marginTop: 16 }}
          defaultActiveKey={clock?.paused ? ['wait'] : []}
          items={[
            {
              key: 'wait',
              label: t('case.meterWait.energizationWaitTitle'),
              children: <EnergizationWait {...props} paused={Boolean(clock?.paused)} />,
            },
          ]}
        />
      )}
    </div>
  );
}

interface RemovalValues {
  removedAt: Dayjs;
  reading: number;
}

/** The meter of a withdrawn case taken off site, with the final reading; it goes back to stock. */
export function MeterRemoval({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<RemovalValues>();
  const remove = useAction(CaseRecordMeterRemovalDocument, { stateLabel, form, fields: ['removedAt', 'reading'] });
  const installation = caseData.metering?.installation;
  const installedReading = installation?.reading ?? 0;
  // Removed just now by default: never in the future when sent.
  const [initial] = useState(() => ({ removedAt: dayjs().subtract(1, 'minute').startOf('minute'), reading: installedReading }));

  const onFinish = async (values: RemovalValues) => {
    const input = { caseId, removedAt: values.removedAt.toISOString(), reading: values.reading };
    if (await remove.run({ input }, t('case.removal.done'))) onDone();
  };

  return (
    <div>
      <Typography.Paragraph>
        {t('case.removal.hint', {
          meter: caseData.metering?.meter?.number ?? '—',
          at: formatTime(installation?.installedAt),
          reading: installedReading,
        })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name={`meter-removal-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
        <ActionProblemAlert problem={remove.problem} />
        <Form.Item name="removedAt" label={t('case.removal.removedAt')} rules={chosen(t('error.reason.required'))}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item
          name="reading"
          label={t('case.removal.reading')}
          rules={[
            ...chosen(t('error.reason.required')),
            { type: 'number', min: installedReading, message: t('case.removal.readingTooLow', { reading: installedReading }) },
          ]}
        >
          <InputNumber min={0} step={0.1} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={remove.fetching}>
          {t('case.removal.submit')}
        </Button>
      </Form>
    </div>
  );
}
