import { Card, Space, Typography } from 'antd';
import { hasRole, useSession, type Session } from '../../auth/session';
import { ClockTag } from '../../components/ClockTag';
import type { Role } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';
import { CaseControls, hasCaseControls } from './actions/CustomerDelay';
import { ACTION_FORMS, ALSO_DONE_BY } from './actions/registry';
import type { CaseActionProps } from './case-data';

/** Whether the signed-in person acts in `role`: an agent does what waits on the customer it acts for. */
export function mayAct(session: Session | undefined, role: Role): boolean {
  return hasRole(session, role) || (role === 'CUSTOMER' && hasRole(session, 'AGENT'));
}

/** The open actions of the case the signed-in person can do, each with its form. */
export function ActionPanel({ caseId, caseData, completeness, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const mine = caseData.journey.openActions.filter(
    (action) => mayAct(session, action.role) || (ALSO_DONE_BY[action.code] ?? []).some((role) => hasRole(session, role)),
  );
  if (mine.length === 0 && !hasCaseControls(session, caseData))
    return <Typography.Paragraph type="secondary">{t('case.actions.none')}</Typography.Paragraph>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {mine.map((action) => {
        const Form = ACTION_FORMS[action.code];
        return (
          <Card
            key={`${action.code}-${action.role}`}
            title={enumLabel(locale, 'CaseActionCode', action.code)}
            extra={
              <Space wrap>
                {action.team && <Typography.Text type="secondary">{t('case.actions.team', { team: action.team })}</Typography.Text>}
                {action.due && (
                  <>
                    <Typography.Text type="secondary">{t('case.actions.due')}</Typography.Text>
                    <ClockTag due={action.due} since={action.since} />
                  </>
                )}
              </Space>
            }
            data-action={action.code}
          >
            {Form ? (
              <Form caseId={caseId} caseData={caseData} completeness={completeness} onDone={onDone} />
            ) : (
              <Typography.Paragraph>{t('case.actions.elsewhere', { what: action.description })}</Typography.Paragraph>
            )}
          </Card>
        );
      })}
      <CaseControls caseId={caseId} caseData={caseData} completeness={completeness} onDone={onDone} />
    </Space>
  );
}
