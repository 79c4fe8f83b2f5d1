import { Button, Collapse, DatePicker, Descriptions, Form, Input, InputNumber, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { hasRole, useSession } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseRecordSurveyDocument, CaseRescheduleSurveyDocument, CaseScheduleSurveyDocument } from './actions.generated';
import type { RescheduleRequester } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';
import { chosen, lines, required } from './forms';

/** Tomorrow at nine: a visit the customer can be told of, never in the past when sent. */
const nextVisit = () => dayjs().add(1, 'day').hour(9).startOf('hour');

interface ScheduleValues {
  surveyorId?: string;
  appointmentAt: Dayjs;
}

/** The site survey appointed: when, and who visits (a surveyor appoints themself; left empty, the least loaded surveyor of the region). */
export function ScheduleSurvey({ caseId, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const { session } = useSession();
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useAction(CaseScheduleSurveyDocument, { stateLabel, form, fields: ['surveyorId', 'appointmentAt'] });
  const [initial] = useState(() => ({
    surveyorId: hasRole(session, 'SURVEYOR') ? session!.claims.sub : '',
    appointmentAt: nextVisit(),
  }));

  const onFinish = async (values: ScheduleValues) => {
    const input = { caseId, surveyorId: values.surveyorId?.trim() || undefined, appointmentAt: values.appointmentAt.toISOString() };
    if (await schedule.run({ input }, t('case.survey.scheduled'))) onDone();
  };

  return (
    <Form form={form} layout="vertical" name={`schedule-survey-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
      <ActionProblemAlert problem={schedule.problem} />
      <Form.Item name="surveyorId" label={t('case.survey.surveyor')} extra={t('case.survey.surveyorHint')}>
        <Input maxLength={100} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item name="appointmentAt" label={t('case.survey.appointmentAt')} rules={chosen(t('error.reason.required'))}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={schedule.fetching}>
        {t('case.survey.schedule')}
      </Button>
    </Form>
  );
}

interface RescheduleValues {
  appointmentAt: Dayjs;
  reason: string;
  requestedBy: RescheduleRequester;
  surveyorId?: string;
}

/** The appointment moved, saying who asked (the customer's move counts as customer time). */
function RescheduleSurvey({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<RescheduleValues>();
  const move = useAction(CaseRescheduleSurveyDocument, {
    stateLabel,
    form,
    fields: ['appointmentAt', 'reason', 'requestedBy', 'surveyorId'],
  });
  // A day after the current appointment, and never before tomorrow's visit.
  const [initial] = useState(() => {
    const later = dayjs(caseData.survey?.appointmentAt).add(1, 'day');
    return { appointmentAt: later.isAfter(nextVisit()) ? later : nextVisit(), requestedBy: 'CUSTOMER' as const };
  });

  const onFinish = async (values: RescheduleValues) => {
    const input = {
      caseId,
      appointmentAt: values.appointmentAt.toISOString(),
      reason: values.reason.trim(),
      requestedBy: values.requestedBy,
      surveyorId: values.surveyorId?.trim() || undefined,
    };
    if (await move.run({ input }, t('case.survey.rescheduled'))) {
      form.resetFields();
      onDone();
    }
  };

  return (
    <Form form={form} layout="vertical" name={`reschedule-survey-${caseId}`} initialValues={initial} onFinish={(v) => void onFinish(v)}>
      <ActionProblemAlert problem={move.problem} />
      <Form.Item name="appointmentAt" label={t('case.survey.newAppointmentAt')} rules={chosen(t('error.reason.required'))}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="requestedBy" label={t('case.survey.requestedBy')} rules={chosen(t('error.reason.required'))}>
        <Radio.Group
          options={(['CUSTOMER', 'UTILITY'] as const).map((value) => ({ value, label: enumLabel(locale, 'RescheduleRequester', value) }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('case.survey.moveReason')} rules={required(t('error.reason.required'))}>
        <Input maxLength={500} placeholder={t('case.survey.moveReasonExample')} style={{ maxWidth: 480 }} />
      </Form.Item>
      <Form.Item name="surveyorId" label={t('case.survey.otherSurveyor')}>
        <Input maxLength={100} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Button htmlType="submit" loading={move.fetching}>
        {t('case.survey.reschedule')}
      </Button>
    </Form>
  );
}

interface RecordValues {
  siteConditions: string;
  supplyPoints: string;
  transformerCapacityKva?: number | null;
}

/** What the surveyor found on site: conditions and the feasible supply points; the appointment can still be moved. */
export function RecordSurvey(props: CaseActionProps) {
  const { caseId, caseData, onDone } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<RecordValues>();
  const record = useAction(CaseRecordSurveyDocument, {
    stateLabel,
    form,
    fields: ['siteConditions', 'supplyPoints', 'transformerCapacityKva'],
    aliases: { supplyPointOptions: 'supplyPoints' },
  });
  const survey = caseData.survey;

  const onFinish = async (values: RecordValues) => {
    const input = {
      caseId,
      siteConditions: values.siteConditions.trim(),
      supplyPointOptions: lines(values.supplyPoints),
      transformerCapacityKva: values.transformerCapacityKva ?? undefined,
    };
    if (await record.run({ input }, t('case.survey.recorded'))) onDone();
  };

  return (
    <div>
      {survey && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'appointment', label: t('case.planning.appointmentAt'), children: formatTime(survey.appointmentAt) },
            { key: 'surveyor', label: t('case.planning.surveyor'), children: survey.surveyorId },
          ]}
        />
      )}
      <Form form={form} layout="vertical" name={`record-survey-${caseId}`} onFinish={(v) => void onFinish(v)} style={{ maxWidth: 640 }}>
        <ActionProblemAlert problem={record.problem} />
        <Form.Item name="siteConditions" label={t('case.survey.siteConditions')} rules={required(t('error.reason.required'))}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('case.survey.siteConditionsExample')} />
        </Form.Item>
        <Form.Item
          name="supplyPoints"
          label={t('case.survey.supplyPoints')}
          extra={t('case.survey.supplyPointsHint')}
          rules={required(t('error.reason.required'))}
        >
          <Input.TextArea rows={3} placeholder={t('case.survey.supplyPointsExample')} />
        </Form.Item>
        <Form.Item name="transformerCapacityKva" label={t('case.survey.transformerCapacity')}>
          <InputNumber min={0} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={record.fetching}>
          {t('case.survey.record')}
        </Button>
      </Form>
      {survey && !survey.completedAt && (
        <Collapse
          style={{ marginTop: 16 }}
          items={[{ key: 'move', label: t('case.survey.moveTitle'), children: <RescheduleSurvey {...props} /> }]}
        />
      )}
    </div>
  );
}
