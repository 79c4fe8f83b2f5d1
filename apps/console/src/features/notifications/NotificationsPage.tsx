import { Alert, Button, Col, Empty, Flex, Row, Space, Spin, Switch, Tag, theme, Typography } from 'antd';
import dayjs from 'dayjs';
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Page } from '../../components/Page';
import { useCursorList } from '../../graphql/cursor-list';
import { MarkNotificationReadDocument, MyNotificationsDocument, type MyNotificationsQuery } from './notifications.generated';
import { UnreadCountDocument } from '../../graphql/shell.generated';
import type { NotificationLocale } from '../../graphql/schema';
import { useAction } from '../../graphql/use-action';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { PreferencesCard } from './PreferencesCard';

const PAGE_SIZE = 20;

type InboxNode = MyNotificationsQuery['myNotifications']['edges'][number]['node'];

const inboxPage = (data: MyNotificationsQuery) => data.myNotifications;

function formatTime(value: string): string {
  return dayjs(value).format('YYYY-MM-DD HH:mm');
}

/**
 * The inbox: what happened on the reader's cases (or their teams' work), newest first, in the
 * console's language; unread ones in bold with a button to mark them read; and how the reader is told.
 */
export function NotificationsPage() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const switchId = useId();
  const [unreadOnly, setUnreadOnly] = useState(false);
  // A mark-read refused, in words.
  const [actionError, setActionError] = useState<string>();
  const notificationLocale: NotificationLocale = locale === 'en' ? 'EN' : 'ZH_CN';
  const variables = useMemo(() => ({ first: PAGE_SIZE, unreadOnly, locale: notificationLocale }), [unreadOnly, notificationLocale]);
  const list = useCursorList(MyNotificationsDocument, variables, inboxPage);
  // The same query as the frame's badge: fetching it again after a change updates the badge too.
  const [{ data: unread }, refreshUnread] = useQuery({ query: UnreadCountDocument, requestPolicy: 'cache-and-network' });
  const error = actionError ?? (list.error && describeError(i18n, list.error).message);

  const onRead = (read: { id: string; readAt: string | null }) => {
    setActionError(undefined);
    list.patch((node) => (node.id === read.id ? { ...node, readAt: read.readAt } : node));
    refreshUnread({ requestPolicy: 'network-only' });
  };

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={15}>
        <Page
          title={t('notifications.title')}
          action={
            <Space size="middle" wrap>
              {unread && <Typography.Text>{t('notifications.unreadCount', { count: unread.myUnreadNotificationCount })}</Typography.Text>}
              <Space size="small">
                <Switch id={switchId} checked={unreadOnly} onChange={setUnreadOnly} />
                <label htmlFor={switchId}>{t('notifications.unreadOnly')}</label>
              </Space>
              <Button onClick={list.reload} loading={list.fetching && list.edges.length > 0}>
                {t('notifications.refresh')}
              </Button>
            </Space>
          }
        >
          {error && <Alert type="error" showIcon role="alert" title={error} />}
          {list.fetching && list.edges.length === 0 ? (
            <Spin />
          ) : list.edges.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <Typography.Text type="secondary">{t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.empty')}</Typography.Text>
              }
            />
          ) : (
            <ul aria-label={t('notifications.list')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {list.edges.map(({ node }) => (
                <NotificationItem key={node.id} node={node} onRead={onRead} onError={setActionError} />
              ))}
            </ul>
          )}
          {list.hasNextPage && (
            <Flex justify="center">
              <Button onClick={list.loadMore} loading={list.loadingMore}>
                {t('app.more')}
              </Button>
            </Flex>
          )}
        </Page>
      </Col>
      <Col xs={24} lg={9}>
        <PreferencesCard />
      </Col>
    </Row>
  );
}

function NotificationItem({
  node,
  onRead,
  onError,
}: {
  node: InboxNode;
  onRead: (read: { id: string; readAt: string | null }) => void;
  onError: (message: string) => void;
}) {
  const { t, locale } = useI18n();
  // One key per notification until it is marked: a retry after a lost answer acts once.
  const markRead = useAction(MarkNotificationReadDocument);
  // The primary colour reads on the list's backgrounds; Ant Design's default link blue is too light (WCAG AA).
  const { token } = theme.useToken();
  const unread = !node.readAt;

  const mark = async () => {
    const answer = await markRead.send({ id: node.id });
    if (answer.refusal) onError(answer.refusal.message);
    else onRead(answer.data.markNotificationRead);
  };

  return (
    <li
      style={{
        borderBottom: '1px solid #f0f0f0',
        padding: '12px 8px',
        borderLeft: `3px solid ${unread ? '#0b5cad' : 'transparent'}`,
        background: unread ? '#f5f9ff' : undefined,
      }}
    >
      <Flex justify="space-between" align="start" gap={12}>
        <Space orientation="vertical" size={4} style={{ minWidth: 0 }}>
          <Space size={8} wrap>
            {unread && <Tag color="blue">{t('notifications.unread')}</Tag>}
            {node.urgency === 'HIGH' && <Tag color="red">{enumLabel(locale, 'NotificationUrgency', node.urgency)}</Tag>}
            <Typography.Text strong={unread} style={{ fontSize: 15 }}>
              {node.title}
            </Typography.Text>
          </Space>
          <Typography.Paragraph style={{ margin: 0 }}>{node.body}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {formatTime(node.occurredAt)}
            {node.caseId && (
              <>
                {' · '}
                {t('notifications.case')}{' '}
                <Link to={`/cases/${encodeURIComponent(node.caseId)}`} style={{ color: token.colorPrimary }}>
                  {node.caseNumber}
                </Link>
              </>
            )}
            {node.action && (
              <>
                {' · '}
                <span>{enumLabel(locale, 'CaseActionCode', node.action)}</span>
              </>
            )}
            {node.readAt && (
              <>
                {' · '}
                <span>{t('notifications.readAt', { time: formatTime(node.readAt) })}</span>
              </>
            )}
          </Typography.Text>
        </Space>
        {unread && (
          <Button size="small" onClick={() => void mark()} loading={markRead.fetching}>
            {t('notifications.markRead')}
          </Button>
        )}
      </Flex>
    </li>
  );
}
