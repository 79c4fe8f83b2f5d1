import { Alert, Button, Descriptions } from 'antd';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import { CaseArchiveDocument, CaseEnergizeDocument } from '../case.generated';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps } from '../case-data';

/** The supply switched on, once every gate condition holds. */
export function Energize({ caseId, caseData, onDone }: CaseActionProps) {
  const { t, locale } = useI18n();
  const energize = useAction(CaseEnergizeDocument, { stateLabel });
  const metering = caseData.metering;
  const conditions = (list: readonly string[]) => list.map((c) => enumLabel(locale, 'GateCondition', c)).join('、') || t('app.none');

  const onEnergize = async () => {
    if (await energize.run({ caseId }, t('case.energize.done'))) onDone();
  };

  return (
    <div>
      {metering && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'recorded', label: t('case.gate.recorded'), children: conditions(metering.recordedConditions) },
            { key: 'blocked', label: t('case.gate.blockedBy'), children: conditions(metering.blockedBy) },
            { key: 'opened', label: t('case.gate.openedAt'), children: formatTime(metering.gateOpenedAt) || t('case.gate.closed') },
          ]}
        />
      )}
      {metering && metering.blockedBy.length > 0 && (
        <Alert type="warning" showIcon title={t('case.energize.blocked')} style={{ marginBottom: 16 }} />
      )}
      <ActionProblemAlert problem={energize.problem} />
      <Button type="primary" onClick={() => void onEnergize()} loading={energize.fetching}>
        {t('case.energize.submit')}
      </Button>
    </div>
  );
}

/** The energized case filed away (归档). */
export function Archive({ caseId, caseData, onDone }: CaseActionProps) {
  const { t } = useI18n();
  const archive = useAction(CaseArchiveDocument, { stateLabel });

  const onArchive = async () => {
    if (await archive.run({ caseId }, t('case.archive.done'))) onDone();
  };

  return (
    <div>
      {caseData.metering?.energizedAt && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[{ key: 'energized', label: t('case.metering.energizedAt'), children: formatTime(caseData.metering.energizedAt) }]}
        />
      )}
      <ActionProblemAlert problem={archive.problem} />
      <Button type="primary" onClick={() => void onArchive()} loading={archive.fetching}>
        {t('case.archive.submit')}
      </Button>
    </div>
  );
}
