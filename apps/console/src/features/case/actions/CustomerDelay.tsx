import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { hasRole, useSession, type Session } from '../../../auth/session';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseEndCustomerDelayDocument, CaseRecordCustomerDelayDocument } from './actions.generated';
import type { ClockStage, InspectionStatus } from '../../../graphql/schema';
import { useAction } from '../../../graphql/use-action';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { MeterRemoval } from './MeteringBranches';
import { required } from './forms';

/** The on-site steps a customer can put off, by the inspection state that awaits them, with the clock each runs against. */
const DELAYABLE: Partial<Record<InspectionStatus, ClockStage>> = {
  INTERMEDIATE_REQUESTED: 'INTERMEDIATE_INSPECTION',
  ACCEPTANCE_REQUESTED: 'COMPLETION_ACCEPTANCE',
};

/** The running clock of the requested on-site step the customer can put off; undefined when none awaits. */
function delayableClock(caseData: CaseData) {
  const stage = caseData.inspectionStatus ? DELAYABLE[caseData.inspectionStatus] : undefined;
  if (!stage) return undefined;
  return caseData.inspectionClocks.filter((c) => c.stage === stage && !c.stoppedAt).at(-1) ?? { stage, paused: false, startedAt: null };
}

/**
 * The customer puts off the requested intermediate inspection or completion acceptance (a moved
 * appointment, a site not ready): the step's clock pauses until the delay is ended.
 */
export function CustomerDelay({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const record = useAction(CaseRecordCustomerDelayDocument, { stateLabel, form, fields: ['reason'] });
  const end = useAction(CaseEndCustomerDelayDocument, { stateLabel });
  const clock = delayableClock(caseData);
  if (!clock) return null;
  const step = t(clock.stage === 'INTERMEDIATE_INSPECTION' ? 'case.delay.intermediate' : 'case.delay.acceptance');

  const onRecord = async ({ reason }: { reason: string }) => {
    if (await record.run({ input: { caseId, reason: reason.trim() } }, t('case.delay.recorded'))) {
      form.resetFields();
      onDone();
    }
  };
  const onEnd = async () => {
    if (await end.run({ caseId }, t('case.delay.ended'))) onDone();
  };

  return (
    <Card size="small" title={t('case.delay.title')} data-control="customer-delay">
      {clock.paused ? (
        <Space orientation="vertical">
          <Alert type="warning" showIcon title={t('case.delay.running', { step })} />
          <ActionProblemAlert problem={end.problem} />
          <Button onClick={() => void onEnd()} loading={end.fetching}>
            {t('case.delay.end')}
          </Button>
        </Space>
      ) : (
        <Form form={form} layout="vertical" name={`customer-delay-${caseId}`} onFinish={(v) => void onRecord(v)} style={{ maxWidth: 640 }}>
          <Typography.Paragraph type="secondary">{t('case.delay.hint', { step })}</Typography.Paragraph>
          <ActionProblemAlert problem={record.problem} />
          <Form.Item name="reason" label={t('case.delay.reason')} rules={required(t('error.reason.required'))}>
            <Input maxLength={1000} placeholder={t('case.delay.reasonExample')} />
          </Form.Item>
          <Button htmlType="submit" loading={record.fetching}>
            {t('case.delay.record')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** The meter of a withdrawn case is still on site: it is to be taken off and its final reading recorded. */
function removalDue(caseData: CaseData): boolean {
  const installation = caseData.metering?.installation;
  const withdrawn = Boolean(caseData.withdrawal) || caseData.metering?.status === 'CANCELLED';
  return withdrawn && Boolean(installation?.installedAt) && !installation?.removedAt;
}

const mayRecordDelay = (session: Session | undefined, caseData: CaseData) =>
  hasRole(session, 'INSPECTOR') && delayableClock(caseData) !== undefined;
const mayRemoveMeter = (session: Session | undefined, caseData: CaseData) =>
  hasRole(session, 'METERING_TECHNICIAN') && removalDue(caseData);

/**
 * What staff can do on a case beside its open actions: the customer's delay of a requested
 * on-site step (inspector), the removal of a withdrawn case's meter (metering technician).
 */
export function CaseControls(props: CaseActionProps) {
  const { t } = useI18n();
  const { session } = useSession();
  const delay = mayRecordDelay(session, props.caseData);
  const removal = mayRemoveMeter(session, props.caseData);
  if (!delay && !removal) return null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {delay && <CustomerDelay {...props} />}
      {removal && (
        <Card size="small" title={t('case.removal.title')} data-control="meter-removal">
          <MeterRemoval {...props} />
        </Card>
      )}
    </Space>
  );
}

/** Whether the signed-in person has anything among the controls beside the open actions. */
export function hasCaseControls(session: Session | undefined, caseData: CaseData): boolean {
  return mayRecordDelay(session, caseData) || mayRemoveMeter(session, caseData);
}
