import { Button, Space, theme, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { graphRole, useSession } from '../../auth/session';
import { ClockTag } from '../../components/ClockTag';
import { CursorTable } from '../../components/CursorTable';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import { MyWorkDocument, type MyWorkQuery } from './my-work.generated';
import { enumLabel, roleLabel } from '../../i18n/enums';
import { useI18n } from '../../i18n/i18n';

const PAGE_SIZE = 20;

type WorkEdge = MyWorkQuery['myWork']['edges'][number];
type WorkItem = WorkEdge['node'];

const workPage = (data: MyWorkQuery) => data.myWork;

export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

/**
 * My work: the open actions the signed-in staff member holds for their roles, team and regions,
 * earliest due first (those without a due time last), each with its case and how its time stands.
 */
export function MyWorkPage() {
  const { t, locale } = useI18n();
  const { session } = useSession();
  const list = useCursorList(MyWorkDocument, { first: PAGE_SIZE }, workPage);
  // The primary colour reads on white; Ant Design's default link blue is too light (WCAG AA).
  const { token } = theme.useToken();
  const claims = session?.claims;
  const scope = [
    claims?.roles.map((r) => roleLabel(locale, graphRole(r))).join(locale === 'en' ? ', ' : '、'),
    claims?.team ? t('staff.work.team', { team: claims.team }) : '',
    claims?.regions.length ? t('staff.work.regions', { regions: claims.regions.join(', ') }) : '',
  ].filter(Boolean);

  const columns: TableColumnsType<WorkEdge> = [
    {
      key: 'case',
      title: t('staff.work.col.case'),
      render: (_, { node }) => (
        <Link to={`/cases/${encodeURIComponent(node.caseId)}`} style={{ color: token.colorPrimary }}>
          {node.caseNumber}
        </Link>
      ),
    },
    { key: 'category', title: t('staff.work.col.category'), render: (_, { node }) => enumLabel(locale, 'CustomerCategory', node.category) },
    { key: 'region', title: t('staff.work.col.region'), render: (_, { node }) => node.regionCode ?? t('app.none') },
    {
      key: 'action',
      title: t('staff.work.col.action'),
      render: (_, { node }) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{enumLabel(locale, 'CaseActionCode', node.action.code)}</Typography.Text>
          <Typography.Text type="secondary">{node.action.description}</Typography.Text>
        </Space>
      ),
    },
    {
      key: 'holder',
      title: t('staff.work.col.holder'),
      render: (_, { node }) => (
        <Space orientation="vertical" size={0}>
          <span>{roleLabel(locale, node.action.role)}</span>
          {node.action.team && <Typography.Text type="secondary">{node.action.team}</Typography.Text>}
        </Space>
      ),
    },
    { key: 'since', title: t('staff.work.col.since'), render: (_, { node }) => formatTime(node.action.since) },
    { key: 'due', title: t('staff.work.col.due'), render: (_, { node }) => <Due item={node} /> },
  ];

  return (
    <Page
      title={t('staff.work.title')}
      action={
        <Button onClick={list.reload} loading={list.fetching && list.edges.length > 0}>
          {t('staff.work.refresh')}
        </Button>
      }
      intro={
        <>
          {t('staff.work.intro')}
          {scope.length > 0 && <> {scope.join(' · ')}</>}
        </>
      }
    >
      <CursorTable list={list} columns={columns} empty={<Typography.Text type="secondary">{t('staff.work.empty')}</Typography.Text>} />
    </Page>
  );
}

/** The due time, how it stands, and the stage clock it runs against. */
function Due({ item }: { item: WorkItem }) {
  const { t, locale } = useI18n();
  const { due, since, clock } = item.action;
  if (!due) return <ClockTag />;
  return (
    <Space orientation="vertical" size={2}>
      <span>{formatTime(due)}</span>
      <ClockTag due={due} since={since} provisional={clock?.provisional} />
      {clock && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('staff.work.clockStage', { stage: enumLabel(locale, 'ClockStage', clock.stage) })}
        </Typography.Text>
      )}
    </Space>
  );
}
