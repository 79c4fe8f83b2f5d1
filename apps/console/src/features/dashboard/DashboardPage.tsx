import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  theme,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { hasRole, useSession } from '../../auth/session';
import { ClockTag } from '../../components/ClockTag';
import { AnySelect, FilterField, FilterForm } from '../../components/FilterForm';
import { Page } from '../../components/Page';
import { ScrollRegion } from '../../components/ScrollRegion';
import { OPEN_STAGES } from '../../graphql/case-stages';
import { useCursorList, type CursorList } from '../../graphql/cursor-list';
import {
  DashboardAtRiskClocksDocument,
  DashboardBacklogDocument,
  DashboardOverdueClocksDocument,
  DashboardStatisticsDocument,
  DashboardTimeLimitReportDocument,
  DashboardTimeLimitReportFileDocument,
  type DashboardAtRiskClocksQuery,
  type DashboardClockFragment,
  type DashboardOverdueClocksQuery,
  type DashboardStatisticsQuery,
  type DashboardTimeLimitReportQuery,
} from './dashboard.generated';
import type { CaseStage, ClockFilter, ClockGrouping, ClockStatisticsFilter, CustomerCategory, ReportFormat } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n, type I18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { EChart, type ChartOption } from './EChart';

const CLOCKS_PAGE = 20;
const DAY_SECONDS = 24 * 3600;
const CATEGORIES: CustomerCategory[] = ['LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE'];
const GROUPINGS: ClockGrouping[] = ['STAGE', 'CATEGORY', 'TEAM'];
/** The jurisdictions of the time-limit policy (the graph does not list them). */
const JURISDICTIONS = ['national', 'shanghai', 'hubei-suizhou'] as const;

const formatTime = (value: string | null | undefined) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '');
const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
const days = (seconds: number) => Math.round((seconds / DAY_SECONDS) * 10) / 10;

/** A row key of the statistics (a stage, a category or a team) in words. */
function groupLabel(i18n: I18n, grouping: ClockGrouping, key: string): string {
  if (grouping === 'STAGE') return enumLabel(i18n.locale, 'ClockStage', key);
  if (grouping === 'CATEGORY') return enumLabel(i18n.locale, 'CustomerCategory', key);
  return key === 'UNASSIGNED' ? i18n.t('dashboard.unassigned') : key;
}

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {title}
        </Typography.Title>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}

function Caption({ children }: { children: ReactNode }) {
  return <span style={{ display: 'block', textAlign: 'left', fontWeight: 600, padding: '4px 0 8px' }}>{children}</span>;
}

function ErrorAlert({ error }: { error?: CombinedError }) {
  const i18n = useI18n();
  return error ? <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} /> : null;
}

/**
 * The supervisor's dashboard: open cases by stage, on-time rates and average times of the steps
 * finished in a period, the steps overdue and at risk, and the regulator's monthly report.
 */
export function DashboardPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const [clockFilter, setClockFilter] = useState<ClockFilter>({});
  return (
    <Page title={t('dashboard.title')} intro={t('dashboard.intro')}>
      <Backlog />
      <Statistics onFilter={setClockFilter} />
      <OverdueClocks filter={clockFilter} />
      <AtRiskClocks filter={clockFilter} />
      {hasRole(session, 'SUPERVISOR', 'AUDITOR') && <Report />}
    </Page>
  );
}

interface BacklogRow {
  stage: CaseStage;
  count: number;
  /** The count of each customer category with cases in the stage, in the categories' order. */
  byCategory: { category: CustomerCategory; count: number }[];
}

/** Categories a bar is stacked by, each its own colour. */
const CATEGORY_COLORS: Record<CustomerCategory, string> = {
  LV_RESIDENTIAL: '#0b5cad',
  LV_NON_RESIDENTIAL: '#3f8f5f',
  HV_SINGLE_SOURCE: '#b8741a',
  HV_DUAL_SOURCE: '#8c3f8f',
};

function Backlog() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [{ data, error, fetching }, refetch] = useQuery({ query: DashboardBacklogDocument });
  const rows = useMemo<BacklogRow[]>(() => {
    if (!data) return [];
    const total = new Map(data.byStage.map((c) => [c.stage, c.count]));
    return OPEN_STAGES.map((stage) => ({
      stage,
      count: total.get(stage) ?? 0,
      byCategory: data.byStageAndCategory.flatMap((c) =>
        c.stage === stage && c.category ? [{ category: c.category, count: c.count }] : [],
      ),
    }));
  }, [data]);
  const names = rows.map((r) => enumLabel(locale, 'CaseStage', r.stage));
  const categories = CATEGORIES.filter((category) => rows.some((r) => r.byCategory.some((c) => c.category === category)));
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: categories.map((category) => ({
        type: 'bar',
        stack: 'cases',
        name: enumLabel(locale, 'CustomerCategory', category),
        data: rows.map((r) => r.byCategory.find((c) => c.category === category)?.count ?? 0),
        itemStyle: { color: CATEGORY_COLORS[category] },
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- names and categories follow rows and the locale
    [rows, locale],
  );
  const [comma, open, close] = locale === 'en' ? [', ', ' (', ')'] : ['，', '（', '）'];
  const summaryOf = (row: BacklogRow, name: string) =>
    row.byCategory.length === 0
      ? `${name} ${row.count}`
      : `${name} ${row.count}${open}${row.byCategory.map((c) => `${enumLabel(locale, 'CustomerCategory', c.category)} ${c.count}`).join(comma)}${close}`;
  const columns: TableColumnsType<BacklogRow> = [
    { key: 'stage', title: t('dashboard.backlog.stage'), render: (_, r) => enumLabel(locale, 'CaseStage', r.stage) },
    { key: 'count', title: t('dashboard.backlog.count'), align: 'right', render: (_, r) => String(r.count) },
  ];
  return (
    <Section
      title={t('dashboard.backlog.title')}
      extra={
        <Button size="small" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          {t('dashboard.refresh')}
        </Button>
      }
    >
      <ErrorAlert error={error} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          {rows.length > 0 && (
            <EChart
              option={option}
              label={t('dashboard.backlog.chart', { summary: rows.map((r, i) => summaryOf(r, names[i])).join(comma) })}
            />
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Table<BacklogRow>
            size="small"
            rowKey="stage"
            caption={<Caption>{t('dashboard.backlog.caption')}</Caption>}
            columns={columns}
            dataSource={rows}
            loading={fetching && !data}
            pagination={false}
          />
        </Col>
      </Row>
    </Section>
  );
}

interface StatsValues {
  from: Dayjs;
  to: Dayjs;
  groupBy: ClockGrouping;
  category?: CustomerCategory;
  team?: string;
}

type OnTimeRow = DashboardStatisticsQuery['onTimeRate'][number];
type AverageRow = DashboardStatisticsQuery['averageTimes'][number];

/** The form's period (whole days, the last one included) and narrowing as the graph's filter. */
export function statisticsFilterOf(values: StatsValues): ClockStatisticsFilter {
  const team = values.team?.trim();
  return {
    from: values.from.startOf('day').toISOString(),
    to: values.to.add(1, 'day').startOf('day').toISOString(),
    groupBy: values.groupBy,
    ...(values.category ? { category: values.category } : {}),
    ...(team ? { team } : {}),
  };
}

function Statistics({ onFilter }: { onFilter: (filter: ClockFilter) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [initial] = useState<StatsValues>(() => ({ from: dayjs().subtract(29, 'day'), to: dayjs(), groupBy: 'STAGE' }));
  const [values, setValues] = useState<StatsValues>(initial);
  const filter = useMemo(() => statisticsFilterOf(values), [values]);
  const [{ data, error, fetching }] = useQuery({ query: DashboardStatisticsDocument, variables: { filter } });

  const apply = (next: StatsValues) => {
    setValues(next);
    const team = next.team?.trim();
    onFilter({ ...(next.category ? { category: next.category } : {}), ...(team ? { team } : {}) });
  };
  const label = (key: string) => groupLabel(i18n, values.groupBy, key);
  const join = (parts: string[]) => parts.join(locale === 'en' ? '; ' : '；');

  const onTime = data?.onTimeRate ?? [];
  const averages = data?.averageTimes ?? [];
  const onTimeOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: onTime.map((r) => label(r.key)), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.onTime.rate'),
          data: onTime.map((r) => Math.round(r.rate * 1000) / 10),
          itemStyle: { color: '#0b5cad' },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the labels follow the rows, grouping and locale
    [onTime, values.groupBy, locale],
  );
  const averageOption = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: averages.map((r) => label(r.key)), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          stack: 'time',
          name: t('dashboard.average.utility'),
          data: averages.map((r) => days(r.utilitySeconds)),
          itemStyle: { color: '#0b5cad' },
        },
        {
          type: 'bar',
          stack: 'time',
          name: t('dashboard.average.customer'),
          data: averages.map((r) => days(r.customerSeconds)),
          itemStyle: { color: '#d4880f' },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the labels follow the rows, grouping and locale
    [averages, values.groupBy, locale],
  );

  const onTimeColumns: TableColumnsType<OnTimeRow> = [
    { key: 'key', title: t('dashboard.onTime.key'), render: (_, r) => label(r.key) },
    { key: 'stopped', title: t('dashboard.onTime.stopped'), dataIndex: 'stopped', align: 'right' },
    { key: 'onTime', title: t('dashboard.onTime.onTime'), dataIndex: 'onTime', align: 'right' },
    { key: 'rate', title: t('dashboard.onTime.rate'), align: 'right', render: (_, r) => percent(r.rate) },
  ];
  const averageColumns: TableColumnsType<AverageRow> = [
    { key: 'key', title: t('dashboard.average.key'), render: (_, r) => label(r.key) },
    { key: 'utility', title: t('dashboard.average.utility'), align: 'right', render: (_, r) => days(r.utilitySeconds).toFixed(1) },
    { key: 'customer', title: t('dashboard.average.customer'), align: 'right', render: (_, r) => days(r.customerSeconds).toFixed(1) },
    { key: 'count', title: t('dashboard.average.count'), dataIndex: 'count', align: 'right' },
  ];
  const empty = { emptyText: <Typography.Text type="secondary">{t('dashboard.noData')}</Typography.Text> };
  const required = [{ required: true, message: t('error.reason.required') }];

  return (
    <Section title={t('dashboard.stats.title')}>
      <FilterForm<StatsValues>
        initialValues={initial}
        onFinish={apply}
        actions={{ xs: 12, md: 3 }}
        buttons={
          <Button type="primary" htmlType="submit" block>
            {t('dashboard.stats.apply')}
          </Button>
        }
      >
        <FilterField name="from" label={t('dashboard.stats.from')} rules={required} xs={12} md={4}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </FilterField>
        <FilterField name="to" label={t('dashboard.stats.to')} rules={required} xs={12} md={4}>
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </FilterField>
        <FilterField name="groupBy" label={t('dashboard.stats.groupBy')} xs={12} md={4}>
          <Select options={GROUPINGS.map((g) => ({ value: g, label: enumLabel(locale, 'ClockGrouping', g) }))} />
        </FilterField>
        <FilterField name="category" label={t('dashboard.stats.category')} xs={12} md={5}>
          <AnySelect options={CATEGORIES.map((c) => ({ value: c, label: enumLabel(locale, 'CustomerCategory', c) }))} />
        </FilterField>
        <FilterField name="team" label={t('dashboard.stats.team')} xs={12} md={4}>
          <Input placeholder={t('app.any')} />
        </FilterField>
      </FilterForm>
      <Typography.Paragraph type="secondary">
        {t('dashboard.stats.period', { from: values.from.format('YYYY-MM-DD'), to: values.to.format('YYYY-MM-DD') })}
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          {onTime.length > 0 && (
            <EChart
              option={onTimeOption}
              label={t('dashboard.onTime.chart', { summary: join(onTime.map((r) => `${label(r.key)} ${percent(r.rate)}`)) })}
            />
          )}
          <Table<OnTimeRow>
            size="small"
            rowKey="key"
            caption={<Caption>{t('dashboard.onTime.caption')}</Caption>}
            columns={onTimeColumns}
            dataSource={onTime}
            loading={fetching}
            pagination={false}
            locale={empty}
          />
        </Col>
        <Col xs={24} lg={12}>
          {averages.length > 0 && (
            <EChart
              option={averageOption}
              label={t('dashboard.average.chart', {
                summary: join(
                  averages.map(
                    (r) =>
                      `${label(r.key)} ${t('dashboard.average.utility')} ${days(r.utilitySeconds).toFixed(1)}, ${t('dashboard.average.customer')} ${days(r.customerSeconds).toFixed(1)}`,
                  ),
                ),
              })}
            />
          )}
          <Table<AverageRow>
            size="small"
            rowKey="key"
            caption={<Caption>{t('dashboard.average.caption')}</Caption>}
            columns={averageColumns}
            dataSource={averages}
            loading={fetching}
            pagination={false}
            locale={empty}
          />
        </Col>
      </Row>
    </Section>
  );
}

type ClockEdge = { cursor: string; node: DashboardClockFragment };
const overduePage = (data: DashboardOverdueClocksQuery) => data.overdueClocks;
const atRiskPage = (data: DashboardAtRiskClocksQuery) => data.atRiskClocks;

function OverdueClocks({ filter }: { filter: ClockFilter }) {
  const list = useCursorList(DashboardOverdueClocksDocument, { filter, first: CLOCKS_PAGE }, overduePage);
  return <Clocks kind="overdue" list={list} />;
}

function AtRiskClocks({ filter }: { filter: ClockFilter }) {
  const list = useCursorList(DashboardAtRiskClocksDocument, { filter, first: CLOCKS_PAGE }, atRiskPage);
  return <Clocks kind="atRisk" list={list} />;
}

function Clocks({ kind, list }: { kind: 'overdue' | 'atRisk'; list: CursorList<DashboardClockFragment> }) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const words = (key: 'title' | 'caption' | 'empty') => t(`dashboard.${kind}.${key}` as MessageKey);

  const columns: TableColumnsType<ClockEdge> = [
    {
      key: 'case',
      title: t('dashboard.clock.case'),
      render: (_, { node }) => (
        <Link to={`/cases/${encodeURIComponent(node.caseId)}`} style={{ color: token.colorPrimary }}>
          {node.caseNumber}
        </Link>
      ),
    },
    {
      key: 'stage',
      title: t('dashboard.clock.stage'),
      render: (_, { node }) => {
        const stage = enumLabel(locale, 'ClockStage', node.stage);
        return node.round ? t('dashboard.clock.round', { stage, round: node.round }) : stage;
      },
    },
    {
      key: 'category',
      title: t('dashboard.clock.category'),
      render: (_, { node }) => enumLabel(locale, 'CustomerCategory', node.category),
    },
    { key: 'team', title: t('dashboard.clock.team'), render: (_, { node }) => node.team ?? t('dashboard.unassigned') },
    { key: 'deadline', title: t('dashboard.clock.deadline'), render: (_, { node }) => formatTime(node.deadline) },
    {
      key: 'remaining',
      title: t('dashboard.clock.remaining'),
      render: (_, { node }) => (
        <ClockTag
          due={node.deadline}
          remainingSeconds={node.remainingSeconds}
          limitDays={node.limitDays}
          paused={Boolean(node.pausedSince)}
          provisional={node.provisional}
        />
      ),
    },
  ];
  return (
    <Section title={words('title')}>
      {list.error && <ErrorAlert error={list.error} />}
      <Table<ClockEdge>
        size="small"
        rowKey="cursor"
        caption={<Caption>{words('caption')}</Caption>}
        columns={columns}
        dataSource={list.edges}
        loading={list.fetching && list.edges.length === 0}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={<Typography.Text type="secondary">{words('empty')}</Typography.Text>}
            />
          ),
        }}
      />
      {list.hasNextPage && (
        <Flex justify="flex-end" style={{ marginTop: 8 }}>
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t('app.more')}
          </Button>
        </Flex>
      )}
    </Section>
  );
}

interface ReportValues {
  month: Dayjs;
  jurisdiction: string;
}
type ReportRow = DashboardTimeLimitReportQuery['timeLimitReport']['categories'][number];
type Breach = ReportRow['breaches'][number];

/** Saves `base64` as a file named `fileName` (a link to a blob, clicked). */
export function saveFile(fileName: string, contentType: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Report() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const client = useClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [initial] = useState<ReportValues>(() => ({ month: dayjs().subtract(1, 'month'), jurisdiction: 'national' }));
  const [asked, setAsked] = useState({ month: initial.month.format('YYYY-MM'), jurisdiction: initial.jurisdiction });
  const [{ data, error, fetching }] = useQuery({ query: DashboardTimeLimitReportDocument, variables: asked });
  const [downloading, setDownloading] = useState<ReportFormat>();
  const [downloadError, setDownloadError] = useState<CombinedError>();
  const required = [{ required: true, message: t('error.reason.required') }];
  const jurisdictionName = (id: string) => {
    const key = `dashboard.jurisdiction.${id}` as MessageKey;
    const name = t(key);
    return name === key ? id : name;
  };

  const download = async (format: ReportFormat) => {
    const values = await form.validateFields();
    setDownloading(format);
    setDownloadError(undefined);
    const result = await client
      .query(
        DashboardTimeLimitReportFileDocument,
        { month: values.month.format('YYYY-MM'), jurisdiction: values.jurisdiction, format },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    setDownloading(undefined);
    const file = result.data?.timeLimitReportFile;
    if (!file) {
      setDownloadError(result.error);
      return;
    }
    saveFile(file.fileName, file.contentType, file.base64);
    void message.success(t('dashboard.report.downloaded', { file: file.fileName }));
  };

  const report = data?.timeLimitReport;
  const columns: TableColumnsType<ReportRow> = [
    { key: 'category', title: t('dashboard.report.category'), render: (_, r) => enumLabel(locale, 'CustomerCategory', r.category) },
    { key: 'accepted', title: t('dashboard.report.accepted'), dataIndex: 'accepted', align: 'right' },
    { key: 'energized', title: t('dashboard.report.energized'), dataIndex: 'energized', align: 'right' },
    { key: 'measured', title: t('dashboard.report.measured'), dataIndex: 'endToEndMeasured', align: 'right' },
    { key: 'onTime', title: t('dashboard.report.onTime'), dataIndex: 'endToEndOnTime', align: 'right' },
    { key: 'rate', title: t('dashboard.report.rate'), align: 'right', render: (_, r) => percent(r.endToEndOnTimeRate) },
    {
      key: 'links',
      title: t('dashboard.report.links'),
      render: (_, r) =>
        r.links.length === 0 ? (
          '—'
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {r.links.map((l) => (
              <li key={l.stage}>
                {t('dashboard.report.linkRate', {
                  stage: enumLabel(locale, 'ClockStage', l.stage),
                  rate: percent(l.rate),
                  onTime: l.onTime,
                  stopped: l.stopped,
                })}
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: 'utility',
      title: t('dashboard.report.utilityDays'),
      align: 'right',
      render: (_, r) => r.averageUtilityWorkingDays?.toFixed(2) ?? '—',
    },
    {
      key: 'customer',
      title: t('dashboard.report.customerDays'),
      align: 'right',
      render: (_, r) => r.averageCustomerWorkingDays?.toFixed(2) ?? '—',
    },
    { key: 'breaches', title: t('dashboard.report.breaches'), align: 'right', render: (_, r) => r.breaches.length },
  ];
  const breachColumns: TableColumnsType<Breach> = [
    { key: 'case', title: t('dashboard.report.breachCase'), dataIndex: 'caseNumber' },
    {
      key: 'stage',
      title: t('dashboard.report.breachStage'),
      render: (_, b) => {
        const stage = enumLabel(locale, 'ClockStage', b.stage);
        return b.round ? t('dashboard.clock.round', { stage, round: b.round }) : stage;
      },
    },
    { key: 'deadline', title: t('dashboard.report.breachDeadline'), render: (_, b) => formatTime(b.deadline) },
    { key: 'breachedAt', title: t('dashboard.report.breachedAt'), render: (_, b) => formatTime(b.breachedAt) },
  ];

  return (
    <Section title={t('dashboard.report.title')}>
      <FilterForm<ReportValues>
        form={form}
        initialValues={initial}
        onFinish={(v) => setAsked({ month: v.month.format('YYYY-MM'), jurisdiction: v.jurisdiction })}
        actions={{ xs: 24, md: 14 }}
        buttons={
          <Space wrap>
            <Button type="primary" htmlType="submit">
              {t('dashboard.report.show')}
            </Button>
            <Button onClick={() => void download('CSV')} loading={downloading === 'CSV'} disabled={Boolean(downloading)}>
              {t('dashboard.report.csv')}
            </Button>
            <Button onClick={() => void download('XLSX')} loading={downloading === 'XLSX'} disabled={Boolean(downloading)}>
              {t('dashboard.report.xlsx')}
            </Button>
          </Space>
        }
      >
        <FilterField name="month" label={t('dashboard.report.month')} rules={required} xs={12} md={5}>
          <DatePicker picker="month" allowClear={false} style={{ width: '100%' }} />
        </FilterField>
        <FilterField name="jurisdiction" label={t('dashboard.report.jurisdiction')} rules={required} xs={12} md={5}>
          <Select options={JURISDICTIONS.map((id) => ({ value: id, label: jurisdictionName(id) }))} />
        </FilterField>
      </FilterForm>
      <ErrorAlert error={error ?? downloadError} />
      <ScrollRegion label={t('dashboard.report.region')}>
        <Table<ReportRow>
          size="small"
          rowKey="category"
          caption={
            <Caption>
              {t('dashboard.report.caption', {
                month: report?.month ?? asked.month,
                jurisdiction: jurisdictionName(report?.jurisdiction ?? asked.jurisdiction),
              })}
            </Caption>
          }
          columns={columns}
          dataSource={report?.categories ?? []}
          loading={fetching}
          pagination={false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('dashboard.noData')}</Typography.Text> }}
          expandable={{
            rowExpandable: (r) => r.breaches.length > 0,
            expandedRowRender: (r) => (
              <Table<Breach>
                size="small"
                rowKey={(b) => `${b.caseNumber}:${b.stage}:${b.round ?? ''}`}
                caption={
                  <Caption>
                    {t('dashboard.report.breachesCaption', { category: enumLabel(locale, 'CustomerCategory', r.category) })}
                  </Caption>
                }
                columns={breachColumns}
                dataSource={r.breaches}
                pagination={false}
              />
            ),
          }}
        />
      </ScrollRegion>
    </Section>
  );
}
