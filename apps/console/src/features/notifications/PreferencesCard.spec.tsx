/** @jest-environment jsdom */
import { fireEvent, screen } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { PreferencesCard } from './PreferencesCard';

const PREFS = {
  __typename: 'NotificationPreferences',
  locale: 'ZH_CN',
  channels: ['INBOX', 'EMAIL'],
  quietHours: { __typename: 'QuietHours', from: '22:00', until: '07:00' },
  timeZone: 'Asia/Shanghai',
};

function renderPreferences(seen: Operation[], results: Record<string, CannedAnswer>, locale: Locale = 'zh-CN') {
  const answer = (operation: Operation): CannedAnswer =>
    operation.kind === 'mutation'
      ? (results.SetNotificationPreferences ?? { data: {} })
      : { data: { myNotificationPreferences: { ...PREFS } } };
  return renderPage(<PreferencesCard />, { as: { sub: 'customer-1', roles: ['customer'] }, locale, answer, seen });
}

describe('PreferencesCard', () => {
  it('puts the server field errors of the preferences beside their fields', async () => {
    const seen: Operation[] = [];
    renderPreferences(
      seen,
      {
        SetNotificationPreferences: {
          errors: [
            {
              message: 'Validation failed',
              extensions: {
                code: 'VALIDATION_FAILED',
                fields: [{ field: 'input.timeZone', message: 'timeZone must be a valid IANA time zone' }],
              },
            },
          ],
        },
      },
      'en',
    );
    const zone = await screen.findByLabelText<HTMLInputElement>('Time zone');
    expect(zone.value).toBe('Asia/Shanghai');
    expect(screen.getByLabelText<HTMLInputElement>('Quiet hours from').value).toBe('22:00');
    expect(screen.getByLabelText<HTMLInputElement>('Email').checked).toBe(true);
    fireEvent.click(screen.getByText('Save settings'));
    expect(await screen.findByText('Please check the marked fields.')).toBeTruthy();
    expect(await screen.findByText('timeZone must be a valid IANA time zone')).toBeTruthy();
    const mutation = seen.find((op) => op.kind === 'mutation')!;
    expect(mutation.variables).toEqual({
      input: { locale: 'ZH_CN', channels: ['INBOX', 'EMAIL'], quietFrom: '22:00', quietUntil: '07:00', timeZone: 'Asia/Shanghai' },
    });
  });

  it('asks for both quiet-hour times or neither before sending', async () => {
    const seen: Operation[] = [];
    renderPreferences(seen, {});
    const until = await screen.findByLabelText('免打扰结束时间');
    fireEvent.change(until, { target: { value: '' } });
    fireEvent.click(screen.getByText('保存设置'));
    expect(await screen.findByText('开始和结束时间需同时填写，或同时留空')).toBeTruthy();
    expect(seen.some((op) => op.kind === 'mutation')).toBe(false);
  });
});
