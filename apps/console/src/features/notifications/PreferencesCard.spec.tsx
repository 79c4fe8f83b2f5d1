/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import { Provider, type Operation } from 'urql';
import { SessionProvider } from '../../auth/session';
import { I18nProvider, type Locale } from '../../i18n/i18n';
import { cannedClient, testToken, type CannedResult } from '../staff/test-client';
import { PreferencesCard } from './PreferencesCard';

const PREFS = {
  __typename: 'NotificationPreferences',
  locale: 'ZH_CN',
  channels: ['INBOX', 'EMAIL'],
  quietHours: { __typename: 'QuietHours', from: '22:00', until: '07:00' },
  timeZone: 'Asia/Shanghai',
};

function renderPreferences(seen: Operation[], results: Record<string, CannedResult>, locale: Locale = 'zh-CN') {
  sessionStorage.setItem('yekuo.session', testToken({ sub: 'customer-1', roles: ['customer'] }));
  const answer = (operation: Operation): CannedResult =>
    operation.kind === 'mutation'
      ? (results.SetNotificationPreferences ?? { data: {} })
      : { data: { myNotificationPreferences: { ...PREFS } } };
  return render(
    <I18nProvider locale={locale}>
      <SessionProvider>
        <Provider value={cannedClient(answer, seen)}>
          <PreferencesCard />
        </Provider>
      </SessionProvider>
    </I18nProvider>,
  );
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
