import { Alert, Button, Col, Empty, Flex, Row, Space, Spin, Switch, Tag, theme, Typography } from 'antd';
import dayjs from 'dayjs';
import { useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { oncePerAction } from '../../graphql/client';
import {
  MarkNotificationReadDocument,
  MyNotificationsDocument,
  UnreadCountDocument,
  type MyNotificationsQuery,
} from '../../graphql/generated';
import type { NotificationLocale } from '../../graphql/schema';
import { enumLabel } from '../../i18n/enums';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';
import { useCursorList } from '../staff/cursor-list';
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
  const [actionError, setActionError] = useState<CombinedError>();
  const notificationLocale: NotificationLocale = locale === 'en' ? 'EN' : 'ZH_CN';
  const variables = useMemo(() => ({ first: PAGE_SIZE, unreadOnly, locale: notificationLocale }), [unreadOnly, notificationLocale]);
  const list = useCursorList(MyNotificationsDocument, variables, inboxPage);
  // The same query as the frame's badge: fetching it again after a change updates the badge too.
  const [{ data: unread }, refreshUnread] = useQuery({ query: UnreadCountDocument, requestPolicy: 'cache-and-network' });
  const error = actionError ?? list.error;

  const onRead = (read: { id: string; readAt: string | null }) => {
    setActionError(undefined);
    list.patch((node) => (node.id === read.id ? { ...node, readAt: read.readAt } : node));
    refreshUnread({ requestPolicy: 'network-only' });
  };

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} lg={15}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
              {t('notifications.title')}
            </Typography.Title>
            <Space size="middle" wrap>
              {unread && <Typography.Text>{t('notifications.unreadCount', { count: unread.myUnreadNotificationCount })}</Typography.Text>}
              <Space size="small">
                <Switch id={switchId} checked={unreadOnly} onChange={setUnreadOnly} />
                <label htmlFor={switchId}>{t('notifications.unreadOnly')}</label>
              </Space>
              <Button onClick={list.reload} loading={list.fetching && list.edges.length > 0} autoInsertSpace={false}>
                {t('notifications.refresh')}
              </Button>
            </Space>
          </Flex>
          {error && <Alert type="error" showIcon role="alert" title={describeError(i18n, error).message} />}
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
        </Space>
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
  onError: (error: CombinedError) => void;
}) {
  const { t, locale } = useI18n();
  const [{ fetching }, markRead] = useMutation(MarkNotificationReadDocument);
  // The primary colour reads on the list's backgrounds; Ant Design's default link blue is too light (WCAG AA).
  const { token } = theme.useToken();
  // One key per notification until it is marked: a retry after a lost answer acts once.
  const key = useRef<string>(undefined);
  const unread = !node.readAt;

  const mark = async () => {
    key.current ??= crypto.randomUUID();
    const result = await markRead({ id: node.id }, oncePerAction(key.current));
    if (result.error || !result.data) {
      if (result.error) onError(result.error);
      return;
    }
    key.current = undefined;
    onRead(result.data.markNotificationRead);
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
          <Button size="small" onClick={() => void mark()} loading={fetching}>
            {t('notifications.markRead')}
          </Button>
        )}
      </Flex>
    </li>
  );
}
