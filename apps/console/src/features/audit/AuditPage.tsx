import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Alert, Button, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { hasRole, useSession } from '../../auth/session';
import {
  AuditAnchorContractsDocument,
  AuditAnchorInspectionDocument,
  AuditAnchorIntakeDocument,
  AuditAnchorMeteringDocument,
  AuditAnchorNotificationsDocument,
  AuditAnchorPlanningDocument,
  type AuditAnchorResultFragment,
} from './audit.generated';
import type { ServiceName } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';

/** How one service answered: its anchor, null when nothing moved, or the refusal in words. */
type Outcome = { state: 'pending' } | { state: 'done'; anchor: AuditAnchorResultFragment | null } | { state: 'failed'; message: string };

/** One service's anchor mutation, sent once per press (a retry after a refusal keeps its key). */
function useAnchor<Data>(
  document: TypedDocumentNode<Data, Record<string, never>>,
  pick: (data: Data) => AuditAnchorResultFragment | null,
): () => Promise<Outcome> {
  const { send } = useAction(document);
  return useCallback(async () => {
    const answer = await send({});
    return answer.refusal ? { state: 'failed', message: answer.refusal.message } : { state: 'done', anchor: pick(answer.data) };
  }, [send, pick]);
}

const SERVICES: ServiceName[] = ['INTAKE', 'PLANNING', 'INSPECTION', 'CONTRACTS', 'METERING', 'NOTIFICATIONS'];

/** The audit chains of every service anchored on demand (auditors, admins), with what each answered. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const allowed = hasRole(session, 'AUDITOR', 'ADMIN');
  const anchors: Record<ServiceName, () => Promise<Outcome>> = {
    INTAKE: useAnchor(AuditAnchorIntakeDocument, (d) => d.anchorIntakeAuditChains),
    PLANNING: useAnchor(AuditAnchorPlanningDocument, (d) => d.anchorPlanningAuditChains),
    INSPECTION: useAnchor(AuditAnchorInspectionDocument, (d) => d.anchorInspectionAuditChains),
    CONTRACTS: useAnchor(AuditAnchorContractsDocument, (d) => d.anchorContractsAuditChains),
    METERING: useAnchor(AuditAnchorMeteringDocument, (d) => d.anchorMeteringAuditChains),
    NOTIFICATIONS: useAnchor(AuditAnchorNotificationsDocument, (d) => d.anchorNotificationsAuditChains),
  };
  const [outcomes, setOutcomes] = useState<Partial<Record<ServiceName, Outcome>>>({});
  const busy = Object.values(outcomes).some((o) => o.state === 'pending');

  const anchorAll = async () => {
    setOutcomes(Object.fromEntries(SERVICES.map((s) => [s, { state: 'pending' }])));
    // Each service anchors on its own: one answer neither waits for nor hides another.
    await Promise.all(
      SERVICES.map(async (service) => {
        const outcome = await anchors[service]();
        setOutcomes((all) => ({ ...all, [service]: outcome }));
      }),
    );
  };

  const rows = SERVICES.filter((s) => outcomes[s]).map((service) => ({ service, outcome: outcomes[service]! }));
  const failed = rows.filter((r) => r.outcome.state === 'failed').length;
  const anchorOf = (outcome: Outcome) => (outcome.state === 'done' ? outcome.anchor : null);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1}>{t('audit.title')}</Typography.Title>
      <Typography.Paragraph>{t('audit.intro')}</Typography.Paragraph>
      {allowed ? (
        <Button type="primary" onClick={() => void anchorAll()} loading={busy}>
          {t('audit.anchorAll')}
        </Button>
      ) : (
        <Alert type="info" showIcon title={t('audit.notAllowed')} />
      )}
      {failed > 0 && !busy && <Alert type="error" showIcon title={t('audit.failed', { count: failed })} />}
      {rows.length > 0 && (
        <>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => r.service}
            dataSource={rows}
            caption={
              <span style={{ display: 'block', textAlign: 'left', fontWeight: 600, padding: '4px 0 8px' }}>{t('audit.caption')}</span>
            }
            columns={[
              { key: 'service', title: t('audit.col.service'), render: (_, r) => enumLabel(locale, 'ServiceName', r.service) },
              {
                key: 'result',
                title: t('audit.col.result'),
                render: (_, { outcome }) => {
                  if (outcome.state === 'pending') return t('audit.pending');
                  if (outcome.state === 'failed') return <Typography.Text type="danger">{outcome.message}</Typography.Text>;
                  return t(outcome.anchor ? 'audit.anchored' : 'audit.nothingMoved');
                },
              },
              { key: 'anchorNo', title: t('audit.col.anchorNo'), render: (_, r) => anchorOf(r.outcome)?.anchorNo ?? '—' },
              {
                key: 'anchoredAt',
                title: t('audit.col.anchoredAt'),
                render: (_, r) => {
                  const anchor = anchorOf(r.outcome);
                  return anchor ? dayjs(anchor.anchoredAt).format('YYYY-MM-DD HH:mm:ss') : '—';
                },
              },
              { key: 'chains', title: t('audit.col.chains'), render: (_, r) => anchorOf(r.outcome)?.chains ?? '—' },
            ]}
          />
          {rows.some((r) => r.outcome.state === 'done' && !r.outcome.anchor) && (
            <Typography.Paragraph type="secondary">{t('audit.nothingMovedHint')}</Typography.Paragraph>
          )}
        </>
      )}
    </Space>
  );
}
