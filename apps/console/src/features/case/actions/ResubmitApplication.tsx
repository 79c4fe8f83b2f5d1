import { Alert, Button, Typography } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseResubmitApplicationDocument } from '../case.generated';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel, type CaseActionProps } from '../case-data';

/** The customer answers the one notice: the documents fixed in the application's checklist, the application sent again. */
export function ResubmitApplication({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const resubmit = useAction(CaseResubmitApplicationDocument, { stateLabel });
  const notice = caseData.returnNotice;

  const onResubmit = async () => {
    if (await resubmit.run({ caseId }, t('case.resubmit.done'))) onDone();
  };

  return (
    <div>
      {notice && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('case.resubmit.notice')}
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {notice.items.map((m) => (
                  <li key={`${m.slot ?? m.field ?? ''}${m.item}`}>
                    {m.item}：{m.reason}
                    {m.slot ? `（${enumLabel(locale, 'DocumentSlot', m.slot)}）` : ''}
                  </li>
                ))}
              </ul>
              {notice.comment && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{notice.comment}</Typography.Paragraph>}
            </>
          }
        />
      )}
      <Typography.Paragraph>{t('case.resubmit.hint')}</Typography.Paragraph>
      <ActionProblemAlert problem={resubmit.problem} />
      <Button type="primary" onClick={() => void onResubmit()} loading={resubmit.fetching}>
        {t('case.resubmit.submit')}
      </Button>
    </div>
  );
}
