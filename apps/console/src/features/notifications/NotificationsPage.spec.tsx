/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { NotificationsPage } from './NotificationsPage';

function notification(id: string, readAt: string | null) {
  return {
    __typename: 'Notification',
    id,
    caseId: `case-${id}`,
    caseNumber: `YK-2026-00000${id}`,
    kind: 'contract-to-sign',
    title: `Title ${id}`,
    body: `Body ${id}`,
    urgency: 'HIGH',
    action: 'SIGN_CONTRACT',
    recipient: 'CUSTOMER',
    occurredAt: '2026-03-10T08:00:00Z',
    readAt,
  };
}

function answers(operation: Operation): CannedAnswer {
  const name = operation.query.definitions.map((d) => ('name' in d ? d.name?.value : undefined)).find(Boolean) ?? '';
  switch (name) {
    case 'MyNotifications':
      return {
        data: {
          myNotifications: {
            __typename: 'NotificationConnection',
            edges: [
              { __typename: 'NotificationEdge', cursor: 'n1', node: notification('1', null) },
              { __typename: 'NotificationEdge', cursor: 'n2', node: notification('2', '2026-03-10T09:00:00Z') },
            ],
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'n2' },
            unreadCount: 1,
          },
        },
      };
    case 'UnreadCount':
      return { data: { myUnreadNotificationCount: 1 } };
    case 'MarkNotificationRead':
      return { data: { markNotificationRead: { __typename: 'Notification', id: '1', readAt: '2026-03-10T10:00:00Z' } } };
    default:
      return { data: {} };
  }
}

function renderInbox(seen: Operation[], locale: Locale = 'zh-CN') {
  return renderPage(<NotificationsPage />, {
    as: { sub: 'customer-1', roles: ['customer'] },
    locale,
    answer: answers,
    seen,
    path: '/notifications',
  });
}

// The preferences form has its own test (PreferencesCard.spec.tsx).
jest.mock('./PreferencesCard', () => ({ PreferencesCard: () => null }));

describe('NotificationsPage', () => {
  it('shows unread ones in bold, links the case and marks one read once per click', async () => {
    const seen: Operation[] = [];
    renderInbox(seen);
    const list = await screen.findByLabelText('消息列表');
    const [unread, read] = Array.from(list.querySelectorAll('li'));
    expect(within(unread).getByText('Title 1').closest('strong')).not.toBeNull();
    expect(within(read).getByText('Title 2').closest('strong')).toBeNull();
    expect(within(unread).getByText('YK-2026-000001').closest('a')?.getAttribute('href')).toBe('/cases/case-1');
    expect(within(unread).getByText('签订供用电合同')).toBeTruthy();
    expect(within(read).queryByText('标为已读')).toBeNull();
    expect(seen.find((op) => op.kind === 'query' && 'unreadOnly' in (op.variables as object))?.variables).toMatchObject({
      locale: 'ZH_CN',
    });

    fireEvent.click(within(unread).getByText('标为已读'));
    await waitFor(() => expect(within(unread).queryByText('标为已读')).toBeNull());
    expect(within(unread).getByText('Title 1').closest('strong')).toBeNull();
    const mutation = seen.find((op) => op.kind === 'mutation')!;
    expect(mutation.variables).toEqual({ id: '1' });
    expect((mutation.context as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});
