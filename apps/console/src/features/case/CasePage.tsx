import { Alert, Button, Descriptions, Space, Spin, Steps, Table, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { isCustomerSide, useSession } from '../../auth/session';
import { ClockTag } from '../../components/ClockTag';
import { casePageQuery } from './case-query';
import { stepLabel } from '../../i18n/steps';
import { enumLabel, roleLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { ActionPanel, mayAct } from './ActionPanel';
import { formatTime, type CaseData } from './case-data';
import { StagePanels } from './StagePanels';
import { WithdrawApplication } from './WithdrawApplication';

type Clock = NonNullable<CaseData['endToEndClock']>;

/** A stage clock at a glance: its deadline and how it stands. */
export function ClockSummary({ clock }: { clock: Clock | null | undefined }) {
  const { t } = useI18n();
  if (!clock) return <>{t('app.none')}</>;
  return (
    <Space wrap size={4}>
      {clock.deadline && <span>{t('case.clock.deadline', { deadline: formatTime(clock.deadline) })}</span>}
      <ClockTag
        remainingSeconds={clock.remainingSeconds}
        limitDays={clock.limitDays}
        state={clock.state}
        status={clock.status}
        paused={clock.paused}
        due={clock.deadline}
        since={clock.startedAt}
      />
    </Space>
  );
}

function Header({ caseData }: { caseData: CaseData }) {
  const { t, locale } = useI18n();
  const step = caseData.journey.currentStep;
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        { key: 'category', label: t('case.header.category'), children: enumLabel(locale, 'CustomerCategory', caseData.category) },
        { key: 'business', label: t('case.header.businessType'), children: enumLabel(locale, 'BusinessType', caseData.businessType) },
        { key: 'status', label: t('case.header.status'), children: enumLabel(locale, 'ApplicationStatus', caseData.status) },
        { key: 'stage', label: t('case.header.stage'), children: enumLabel(locale, 'CaseStage', caseData.journey.currentStage) },
        { key: 'endToEnd', label: t('case.header.endToEnd'), children: <ClockSummary clock={caseData.endToEndClock} /> },
        {
          key: 'step',
          label: t('case.header.currentStep'),
          children: step ? (
            <Space wrap size={4}>
              <span>{enumLabel(locale, 'ClockStage', step.stage)}</span>
              <span>{t('case.clock.deadline', { deadline: formatTime(step.deadline) })}</span>
              <ClockTag remainingSeconds={step.remainingSeconds} due={step.deadline} provisional={step.provisional} />
            </Space>
          ) : (
            t('app.none')
          ),
        },
      ]}
    />
  );
}

const LINK_STEP_STATUS = { DONE: 'finish', CURRENT: 'process', PENDING: 'wait' } as const;

/** Where the case stands: the links of its process, what waits on whom, and every step so far. */
function Progress({ caseData, customerSide }: { caseData: CaseData; customerSide: boolean }) {
  const { t, locale } = useI18n();
  const { links, outstandingFromCustomer, openActions, steps } = caseData.journey;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {links.length > 0 && (
        <Steps
          items={links.map((link) => ({
            key: link.id,
            title: link.title,
            status: LINK_STEP_STATUS[link.status],
            content: `${link.stages.map((s) => enumLabel(locale, 'CaseStage', s)).join(' · ')}（${enumLabel(locale, 'JourneyLinkStatus', link.status)}）`,
          }))}
        />
      )}
      {outstandingFromCustomer.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t(customerSide ? 'case.progress.waitingOnYou' : 'case.progress.waitingOnCustomer')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {outstandingFromCustomer.map((o) => (
                <li key={`${o.kind}-${o.since}`}>
                  {enumLabel(locale, 'OutstandingKind', o.kind)}（{t('case.progress.since', { since: formatTime(o.since) })}）
                  {o.items.length > 0 && `：${o.items.join('；')}`}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Table
        size="small"
        pagination={false}
        rowKey={(a) => `${a.code}-${a.role}`}
        dataSource={openActions}
        locale={{ emptyText: t('case.progress.noOpenActions') }}
        columns={[
          { key: 'what', title: t('case.progress.col.what'), render: (_, a) => enumLabel(locale, 'CaseActionCode', a.code) },
          { key: 'who', title: t('case.progress.col.who'), render: (_, a) => roleLabel(locale, a.role) },
          { key: 'team', title: t('case.progress.col.team'), render: (_, a) => a.team ?? '—' },
          { key: 'since', title: t('case.progress.col.since'), render: (_, a) => formatTime(a.since) },
          {
            key: 'due',
            title: t('case.progress.col.due'),
            render: (_, a) => (a.due ? <ClockTag due={a.due} since={a.since} /> : '—'),
          },
        ]}
      />
      <Timeline
        items={steps.map((s) => ({
          key: s.eventId,
          title: formatTime(s.at),
          content: (
            <>
              <Typography.Text strong>{enumLabel(locale, 'CaseStage', s.stage)}</Typography.Text> {stepLabel(locale, s.type, s.step)}
              <br />
              <Typography.Text type="secondary">
                {roleLabel(locale, s.actor.role)} {s.actor.id}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Space>
  );
}

/** One case: where it stands, what the signed-in person can do on it now, and each stage's details. */
export function CasePage() {
  const { id = '' } = useParams();
  const i18n = useI18n();
  const { t } = i18n;
  const { session } = useSession();
  const customerSide = isCustomerSide(session);
  const [{ data, error, fetching }, reexecute] = useQuery(casePageQuery(id, session));
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  if (!data) {
    if (error)
      return (
        <Alert
          type="error"
          showIcon
          title={describeError(i18n, error).message}
          action={<Button onClick={refresh}>{t('app.retry')}</Button>}
        />
      );
    return <Spin />;
  }
  const caseData = data.case;
  const ended = ['ARCHIVED', 'WITHDRAWN'].includes(caseData.journey.currentStage) || Boolean(caseData.withdrawal);
  const mayWithdraw = mayAct(session, 'CUSTOMER') && !ended && !caseData.metering?.energizedAt;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {t('case.title', { number: caseData.number })}
        </Typography.Title>
        <Space wrap>
          <Button onClick={refresh} loading={fetching}>
            {t('case.refresh')}
          </Button>
          {mayWithdraw && <WithdrawApplication caseId={caseData.id} onDone={refresh} />}
        </Space>
      </Space>
      {error && <Alert type="error" showIcon title={describeError(i18n, error).message} />}
      {caseData.withdrawal && (
        <Alert
          type="info"
          showIcon
          title={t('case.withdrawn', { at: formatTime(caseData.withdrawal.withdrawnAt), reason: caseData.withdrawal.reason })}
        />
      )}
      <Header caseData={caseData} />

      <section aria-labelledby="case-actions">
        <Typography.Title level={2} id="case-actions">
          {t('case.actions.title')}
        </Typography.Title>
        <ActionPanel caseId={caseData.id} caseData={caseData} completeness={data.completenessCheck} onDone={refresh} />
      </section>

      <section aria-labelledby="case-progress">
        <Typography.Title level={2} id="case-progress">
          {t('case.progress.title')}
        </Typography.Title>
        <Progress caseData={caseData} customerSide={customerSide} />
      </section>

      <section aria-labelledby="case-stages">
        <Typography.Title level={2} id="case-stages">
          {t('case.stages.title')}
        </Typography.Title>
        <StagePanels caseData={caseData} staff={!customerSide} onChanged={refresh} />
      </section>
    </Space>
  );
}
