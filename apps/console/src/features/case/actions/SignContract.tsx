import { Alert, Button, Descriptions, Divider, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { ActionProblemAlert } from '../../../components/ActionProblemAlert';
import type { SigningParty } from '../../../graphql/schema';
import { CaseSignContractDocument } from '../case.generated';
import { useAction } from '../../../graphql/use-action';
import { enumLabel } from '../../../i18n/enums';
import { useI18n } from '../../../i18n/i18n';
import { formatTime, stateLabel, type CaseActionProps, type CaseData } from '../case-data';
import { ContractParties } from './ContractParties';

/**
 * The exact PDF of the contract version, when the reader may read it (built in the browser, revoked
 * when left): a preview in the page, opened on demand, and the file to keep.
 */
export function ContractPdfLink({ caseData }: { caseData: CaseData }) {
  const { t } = useI18n();
  const [previewing, setPreviewing] = useState(false);
  const contract = caseData.contract;
  const base64 = contract?.pdfBase64;
  const url = useMemo(() => {
    if (!base64) return undefined;
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }, [base64]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (!contract || !url) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button size="small" aria-expanded={previewing} onClick={() => setPreviewing(!previewing)}>
          {t(previewing ? 'case.contract.hidePreview' : 'case.contract.preview')}
        </Button>
        <Typography.Link href={url} download={`${caseData.number}-contract-v${contract.version}.pdf`}>
          {t('case.contract.pdf', { version: contract.version })}
        </Typography.Link>
      </Space>
      {previewing && (
        <iframe
          src={url}
          title={t('case.contract.previewTitle', { version: contract.version })}
          style={{ width: '100%', height: 560, border: '1px solid #d9d9d9' }}
        />
      )}
    </Space>
  );
}

function SignContractAs({ party, caseId, caseData, completeness, onDone }: CaseActionProps & { party: SigningParty }) {
  const { t, locale } = useI18n();
  const sign = useAction(CaseSignContractDocument, { stateLabel });
  const contract = caseData.contract;
  const named = Boolean(contract?.parties.customer.name);

  const onSign = async () => {
    if (!contract) return;
    const input = { caseId, party, method: 'ONLINE' as const, version: contract.version };
    if (await sign.run({ input }, t('case.sign.done'))) onDone();
  };

  return (
    <div>
      {party === 'UTILITY' && (
        <>
          <Typography.Paragraph type="secondary">{t('case.sign.partiesHint')}</Typography.Paragraph>
          <ContractParties caseId={caseId} caseData={caseData} completeness={completeness} onDone={onDone} />
          <Divider />
        </>
      )}
      {contract ? (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'version', label: t('case.contract.version'), children: contract.version },
            { key: 'status', label: t('case.contract.status'), children: enumLabel(locale, 'ContractStatus', contract.status) },
            {
              key: 'customer',
              label: t('case.contract.customer'),
              children: contract.parties.customer.name ?? t('case.contract.customerPending'),
            },
            {
              key: 'signatures',
              label: t('case.contract.signatures'),
              children: contract.signatures.length
                ? contract.signatures
                    .map((s) =>
                      `${enumLabel(locale, 'SigningParty', s.party)} ${s.signerName ?? ''} ${formatTime(s.signedAt)}`.replace(/\s+/g, ' '),
                    )
                    .join('；')
                : t('app.none'),
            },
            { key: 'pdf', label: t('case.contract.document'), children: <ContractPdfLink caseData={caseData} /> },
          ]}
        />
      ) : (
        <Alert type="info" showIcon title={t('case.sign.noContract')} style={{ marginBottom: 16 }} />
      )}
      {contract && !named && <Alert type="info" showIcon title={t('case.sign.awaitingParties')} style={{ marginBottom: 16 }} />}
      <ActionProblemAlert problem={sign.problem} />
      <Button type="primary" onClick={() => void onSign()} loading={sign.fetching} disabled={!contract || !named}>
        {t(party === 'UTILITY' ? 'case.sign.forUtility' : 'case.sign.forCustomer')}
      </Button>
    </div>
  );
}

/** The customer (or their agent) signs the supply-use contract online. */
export function SignContract(props: CaseActionProps) {
  return <SignContractAs {...props} party="CUSTOMER" />;
}

/** The contract officer enters the parties where still needed and signs for the utility. */
export function SignContractForUtility(props: CaseActionProps) {
  return <SignContractAs {...props} party="UTILITY" />;
}
