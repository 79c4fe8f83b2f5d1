import { Alert, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import { Page } from '../../components/Page';
import { ScrollRegion } from '../../components/ScrollRegion';
import { CustomerMyCasesDocument, type CustomerMyCasesQuery } from './customer.generated';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 20;

type CaseRow = CustomerMyCasesQuery['myCases']['edges'][number]['node'];

/**
 * The caller's cases (an agent: those of the customers it acts for), most recently submitted first,
 * each with what it waits on the customer for; further pages by cursor.
 */
export function MyCasesPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const { session } = useSession();
  const agent = hasRole(session, 'AGENT');
  const client = useClient();
  const [first] = useQuery({ query: CustomerMyCasesDocument, variables: { first: PAGE_SIZE }, requestPolicy: 'cache-and-network' });
  // Pages after the first, as "load more" fetched them.
  const [more, setMore] = useState<CustomerMyCasesQuery['myCases'][]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string>();

  const pages = useMemo(() => (first.data ? [first.data.myCases, ...more] : []), [first.data, more]);
  const rows = useMemo(() => {
    const seen = new Set<string>();
    return pages.flatMap((p) => p.edges.map((e) => e.node)).filter((c) => !seen.has(c.id) && Boolean(seen.add(c.id)));
  }, [pages]);
  const last = pages.at(-1)?.pageInfo;

  const loadMore = async () => {
    if (!last?.endCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    const result = await client
      .query(CustomerMyCasesDocument, { first: PAGE_SIZE, after: last.endCursor }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoadingMore(false);
    if (result.data) setMore((pagesSoFar) => [...pagesSoFar, result.data!.myCases]);
    else if (result.error) setMoreError(describeError(i18n, result.error).message);
  };

  const waitingOnCustomer = (c: CaseRow) =>
    c.journey.openActions.filter((a) => a.role === 'CUSTOMER').map((a) => enumLabel(locale, 'CaseActionCode', a.code));

  if (first.error && !first.data) {
    return (
      <Page title={t('customer.cases.title')} gap="large">
        <Alert type="error" showIcon role="alert" title={describeError(i18n, first.error).message} />
      </Page>
    );
  }

  return (
    <Page title={t('customer.cases.title')} action={<Link to="/apply">{t('customer.cases.apply')}</Link>} gap="large">
      {first.data && rows.length === 0 ? (
        <Empty
          description={
            <Space orientation="vertical">
              <Typography.Text>{t('customer.cases.empty')}</Typography.Text>
              <Link to="/apply">{t('customer.cases.emptyApply')}</Link>
            </Space>
          }
        />
      ) : (
        <ScrollRegion label={t('app.scrollsSideways', { name: t('customer.cases.title') })}>
          <Table<CaseRow>
            rowKey="id"
            loading={first.fetching && !first.data}
            dataSource={rows}
            pagination={false}
            columns={[
              {
                key: 'number',
                title: t('customer.cases.number'),
                render: (_, c) => <Link to={`/cases/${c.id}`}>{c.number}</Link>,
              },
              ...(agent
                ? [{ key: 'customer', title: t('customer.cases.customer'), render: (_: unknown, c: CaseRow) => c.customer?.name ?? '' }]
                : []),
              { key: 'site', title: t('customer.cases.site'), render: (_, c) => c.application.siteAddress },
              { key: 'category', title: t('customer.cases.category'), render: (_, c) => enumLabel(locale, 'CustomerCategory', c.category) },
              {
                key: 'status',
                title: t('customer.cases.status'),
                render: (_, c) => (
                  <Space orientation="vertical" size={0}>
                    <span>{enumLabel(locale, 'ApplicationStatus', c.status)}</span>
                    <Typography.Text type="secondary">{enumLabel(locale, 'CaseStage', c.journey.currentStage)}</Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'submittedAt',
                title: t('customer.cases.submittedAt'),
                render: (_, c) => <time dateTime={c.submittedAt}>{dayjs(c.submittedAt).format('YYYY-MM-DD HH:mm')}</time>,
              },
              {
                key: 'waiting',
                title: t('customer.cases.waiting'),
                render: (_, c) => {
                  const waiting = waitingOnCustomer(c);
                  return waiting.length ? (
                    <Space size={[4, 4]} wrap>
                      {waiting.map((w) => (
                        <Tag key={w}>{w}</Tag>
                      ))}
                    </Space>
                  ) : (
                    t('app.none')
                  );
                },
              },
            ]}
          />
        </ScrollRegion>
      )}
      {moreError && <Alert type="error" showIcon role="alert" title={moreError} />}
      {last?.hasNextPage && (
        <Button onClick={() => void loadMore()} loading={loadingMore}>
          {t('app.more')}
        </Button>
      )}
    </Page>
  );
}
