/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { I18nProvider, type Locale } from '../i18n/i18n';
import { ClockTag, type ClockTagProps } from './ClockTag';

const NOW = Date.parse('2026-03-10T08:00:00Z');
const HOUR = 3600;
const DAY = 24 * HOUR;
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

function tagOf(props: ClockTagProps, locale: Locale = 'zh-CN') {
  const { container } = render(
    <I18nProvider locale={locale}>
      <ClockTag now={NOW} {...props} />
    </I18nProvider>,
  );
  return container.querySelector<HTMLElement>('.ant-tag')!;
}

describe('ClockTag', () => {
  it('is green and says the time left when well on time', () => {
    const tag = tagOf({ due: at(5 * DAY + 3 * HOUR), since: at(-5 * DAY) });
    expect(tag.textContent).toBe('剩余 5 天 3 小时');
    expect(tag.className).toContain('ant-tag-green');
    expect(tag.dataset.tone).toBe('onTime');
  });

  it('is orange under a quarter of the limit', () => {
    const tag = tagOf({ remainingSeconds: 2 * DAY + 3 * HOUR, limitDays: 10 });
    expect(tag.textContent).toBe('剩余 2 天 3 小时');
    expect(tag.className).toContain('ant-tag-orange');
  });

  it('is orange under one day left, whatever the limit', () => {
    const tag = tagOf({ due: at(5 * HOUR + 30 * 60) }, 'en');
    expect(tag.textContent).toBe('5 hours 30 minutes left');
    expect(tag.className).toContain('ant-tag-orange');
  });

  it('is orange when the server warned, though much time is left', () => {
    const tag = tagOf({ remainingSeconds: 6 * DAY, limitDays: 10, status: 'AT_RISK', state: 'RUNNING' });
    expect(tag.dataset.tone).toBe('atRisk');
    expect(tag.textContent).toBe('剩余 6 天');
  });

  it('is red and says how long overdue', () => {
    const zh = tagOf({ due: at(-5 * HOUR) });
    expect(zh.textContent).toBe('超期 5 小时');
    expect(zh.className).toContain('ant-tag-red');
    const en = tagOf({ remainingSeconds: -(DAY + 2 * HOUR), state: 'RUNNING', status: 'BREACHED' }, 'en');
    expect(en.textContent).toBe('1 day 2 hours overdue');
    expect(en.className).toContain('ant-tag-red');
  });

  it('is grey and says paused while waiting on the customer', () => {
    const tag = tagOf({ remainingSeconds: 3 * DAY, state: 'PAUSED', paused: true, status: 'ON_TIME' });
    expect(tag.textContent).toBe('已暂停，剩余 3 天');
    expect(tag.dataset.tone).toBe('paused');
    expect(tag.className).not.toMatch(/ant-tag-(green|orange|red)/);
  });

  it('is grey and says stopped once the step finished, even past its deadline', () => {
    const tag = tagOf({ due: at(-DAY), state: 'STOPPED' }, 'en');
    expect(tag.textContent).toBe('Stopped');
    expect(tag.className).not.toMatch(/ant-tag-(green|orange|red)/);
  });

  it('marks a provisional deadline and says when there is no time limit', () => {
    expect(tagOf({ due: at(10 * DAY), provisional: true }).textContent).toBe('剩余 10 天（暂定）');
    render(
      <I18nProvider locale="en">
        <ClockTag now={NOW} />
      </I18nProvider>,
    );
    expect(screen.getByText('No time limit')).toBeTruthy();
  });
});
