import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, Row, Select, Space, Spin, theme, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { AnySelect, FilterButtons, FilterField } from '../../components/FilterForm';
import { Page } from '../../components/Page';
import { OPEN_STAGES } from '../../graphql/case-stages';
import { useCursorList } from '../../graphql/cursor-list';
import { CaseBoardColumnDocument, CaseBoardCountsDocument, type CaseBoardColumnQuery } from './board.generated';
import type { ApplicationStatus, CaseFilter, CaseStage, CustomerCategory } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 20;

/** The board shows the open stages unless one stage is chosen, closed ones included. */
const ALL_STAGES: CaseStage[] = [...OPEN_STAGES, 'ARCHIVED', 'WITHDRAWN'];
const CATEGORIES: CustomerCategory[] = ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'];
const STATUSES: ApplicationStatus[] = ['SUBMITTED', 'RETURNED', 'ACCEPTED', 'WITHDRAWN'];

const formatTime = (value: string) => dayjs(value).format('YYYY-MM-DD HH:mm');

type BoardCase = CaseBoardColumnQuery['cases']['edges'][number]['node'];
const casesPage = (data: CaseBoardColumnQuery) => data.cases;

interface FilterValues {
  stage?: CaseStage;
  category?: CustomerCategory;
  status?: ApplicationStatus;
  regionCode?: string;
  number?: string;
  customerName?: string;
  idNumber?: string;
  submittedFrom?: Dayjs | null;
  submittedBefore?: Dayjs | null;
}

/** The form's values as the graph's filter: blanks left out, times as instants. */
export function caseFilterOf(values: FilterValues): CaseFilter {
  const text = (value?: string) => value?.trim() || undefined;
  const filter: CaseFilter = {
    category: values.category,
    status: values.status,
    regionCode: text(values.regionCode),
    number: text(values.number),
    customerName: text(values.customerName),
    idNumber: text(values.idNumber),
    submittedFrom: values.submittedFrom?.startOf('day').toISOString(),
    submittedBefore: values.submittedBefore?.startOf('day').toISOString(),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

/**
 * The case board: the cases of each stage side by side, narrowed by the filters, each a link to
 * its case; every column loads its own pages, and one request counts the cases of every stage.
 */
export function BoardPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [filter, setFilter] = useState<CaseFilter>({});
  const [stages, setStages] = useState<readonly CaseStage[]>(OPEN_STAGES);
  // Counts change with every case that moves on: asked again each time the board opens.
  const [counts] = useQuery({ query: CaseBoardCountsDocument, variables: { filter }, requestPolicy: 'cache-and-network' });
  const countOf = useMemo(() => {
    const byStage = new Map(counts.data?.caseCounts.map((c) => [c.stage, c.count]));
    return (stage: CaseStage) => (counts.data ? (byStage.get(stage) ?? 0) : undefined);
  }, [counts.data]);

  const apply = (values: FilterValues) => {
    setFilter(caseFilterOf(values));
    setStages(values.stage ? [values.stage] : OPEN_STAGES);
  };

  return (
    <Page title={t('board.title')} intro={t('board.intro')}>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('board.filters')}</h2>}>
        <Form<FilterValues> layout="vertical" onFinish={apply} onReset={() => apply({})}>
          <Row gutter={16}>
            <FilterField name="stage" label={t('board.stage')} lg={6}>
              <Select
                allowClear
                placeholder={t('board.openStages')}
                options={ALL_STAGES.map((s) => ({ value: s, label: enumLabel(locale, 'CaseStage', s) }))}
              />
            </FilterField>
            <FilterField name="category" label={t('board.category')} lg={6}>
              <AnySelect options={CATEGORIES.map((c) => ({ value: c, label: enumLabel(locale, 'CustomerCategory', c) }))} />
            </FilterField>
            <FilterField name="status" label={t('board.status')} lg={6}>
              <AnySelect options={STATUSES.map((s) => ({ value: s, label: enumLabel(locale, 'ApplicationStatus', s) }))} />
            </FilterField>
            <FilterField name="regionCode" label={t('board.regionCode')} lg={6}>
              <Input maxLength={6} inputMode="numeric" />
            </FilterField>
            <FilterField name="number" label={t('board.number')} lg={6}>
              <Input placeholder="YK-2026-000001" />
            </FilterField>
            <FilterField name="customerName" label={t('board.customerName')} lg={6}>
              <Input />
            </FilterField>
            <FilterField name="idNumber" label={t('board.idNumber')} lg={6}>
              <Input />
            </FilterField>
            <FilterField name="submittedFrom" label={t('board.submittedFrom')} lg={3}>
              <DatePicker style={{ width: '100%' }} />
            </FilterField>
            <FilterField name="submittedBefore" label={t('board.submittedBefore')} lg={3}>
              <DatePicker style={{ width: '100%' }} />
            </FilterField>
          </Row>
          <FilterButtons />
        </Form>
      </Card>
      {counts.error && <Alert type="error" showIcon role="alert" title={describeError(i18n, counts.error).message} />}
      <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
        <Flex gap={12} align="flex-start">
          {stages.map((stage) => (
            <StageColumn key={stage} stage={stage} filter={filter} total={countOf(stage)} />
          ))}
        </Flex>
      </div>
    </Page>
  );
}

/** One stage's cases: how many match the filters (`total`, unknown until counted), the cases, more on request. */
function StageColumn({ stage, filter, total }: { stage: CaseStage; filter: CaseFilter; total: number | undefined }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const list = useCursorList(CaseBoardColumnDocument, { filter: { ...filter, stage }, first: PAGE_SIZE }, casesPage);
  const count = total === undefined ? undefined : t('board.count', { count: total });
  const name = enumLabel(locale, 'CaseStage', stage);
  return (
    <section
      aria-label={count === undefined ? name : t('board.columnLabel', { stage: name, count })}
      style={{ flex: '0 0 260px', minWidth: 260 }}
      data-stage={stage}
    >
      <Card
        size="small"
        title={
          <Flex justify="space-between" align="center" gap={8}>
            <h2 style={{ fontSize: 15, margin: 0 }}>{name}</h2>
            <Typography.Text type="secondary" data-testid={`count-${stage}`}>
              {count ?? '…'}
            </Typography.Text>
          </Flex>
        }
        styles={{ body: { padding: 8 } }}
      >
        {list.error && <Alert type="error" showIcon role="alert" title={describeError(i18n, list.error).message} />}
        {list.fetching && list.edges.length === 0 ? (
          <Flex justify="center" style={{ padding: 16 }}>
            <Spin />
          </Flex>
        ) : list.edges.length === 0 && !list.error ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text type="secondary">{t('board.empty')}</Typography.Text>}
          />
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
            {list.edges.map(({ cursor, node }) => (
              <li key={cursor}>
                <CaseCard item={node} />
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <Button block onClick={list.loadMore} loading={list.loadingMore} style={{ marginTop: 8 }}>
            {t('app.more')}
          </Button>
        )}
      </Card>
    </section>
  );
}

function CaseCard({ item }: { item: BoardCase }) {
  const { t, locale } = useI18n();
  // The primary colour reads on white; Ant Design's default link blue is too light (WCAG AA).
  const { token } = theme.useToken();
  return (
    <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Link to={`/cases/${encodeURIComponent(item.id)}`} style={{ color: token.colorPrimary, fontWeight: 600 }}>
          {item.number}
        </Link>
        {item.customer && <Typography.Text>{item.customer.name}</Typography.Text>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {enumLabel(locale, 'CustomerCategory', item.category)} · {t('board.capacity', { kva: item.application.capacityKva })}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('board.region', { region: item.application.regionCode })} · {enumLabel(locale, 'ApplicationStatus', item.status)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('board.submittedAt', { time: formatTime(item.submittedAt) })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
