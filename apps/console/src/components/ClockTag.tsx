import CheckCircleOutlined from '@ant-design/icons/CheckCircleOutlined';
import ClockCircleOutlined from '@ant-design/icons/ClockCircleOutlined';
import ExclamationCircleOutlined from '@ant-design/icons/ExclamationCircleOutlined';
import PauseCircleOutlined from '@ant-design/icons/PauseCircleOutlined';
import WarningOutlined from '@ant-design/icons/WarningOutlined';
import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { ClockState, ClockStatus } from '../graphql/schema';
import { useI18n, type I18n } from '../i18n/i18n';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/** One counted day: clocks count 24 h per working (or calendar) day, so a day of `remainingSeconds` is a working day. */
const DAY = 24 * HOUR;

export type ClockTone = 'onTime' | 'atRisk' | 'overdue' | 'paused' | 'stopped' | 'cancelled' | 'none';

export interface ClockTagProps {
  /** When the time runs out: a clock's deadline or an action's due time. */
  due?: string | null;
  /** Time left as the server counted it (utility time of a stage clock; negative when late). Wins over `due`. */
  remainingSeconds?: number | null;
  /** The regulatory limit in counted days, for the quarter rule. */
  limitDays?: number | null;
  /** When the time started, for the quarter rule when no limit is given (the limit is then `due − since`). */
  since?: string | null;
  state?: ClockState | null;
  status?: ClockStatus | null;
  /** A clock waiting on the customer. */
  paused?: boolean | null;
  /** The deadline lies beyond the published holiday calendar and may still move. */
  provisional?: boolean | null;
  /** Milliseconds since the epoch to measure `due` from; the current time (refreshed each minute) when left out. */
  now?: number;
}

/**
 * How a clock stands, by one rule:
 * - grey: paused (waiting on the customer), stopped or cancelled — its time does not run;
 * - red: overdue — no time left, or the server says the limit was breached;
 * - orange: at risk — under one counted day left, or under a quarter of the limit left, or the
 *   server warned (AT_RISK) or the internal target was missed (TARGET_MISSED);
 * - green: on time otherwise.
 * Given only `due`, the time left is wall-clock time (a day is then 24 hours, not a working day).
 */
export function clockTone(props: ClockTagProps, now: number): { tone: ClockTone; remaining?: number } {
  const remaining = remainingOf(props, now);
  if (props.state === 'CANCELLED') return { tone: 'cancelled' };
  if (props.state === 'STOPPED') return { tone: 'stopped' };
  if (props.paused || props.state === 'PAUSED') return { tone: 'paused', remaining };
  if (props.status === 'BREACHED' || (remaining !== undefined && remaining < 0)) return { tone: 'overdue', remaining };
  if (remaining === undefined) return { tone: props.status === 'AT_RISK' || props.status === 'TARGET_MISSED' ? 'atRisk' : 'none' };
  const limit = limitOf(props);
  const atRisk =
    props.status === 'AT_RISK' || props.status === 'TARGET_MISSED' || remaining < DAY || (limit !== undefined && remaining < limit / 4);
  return { tone: atRisk ? 'atRisk' : 'onTime', remaining };
}

function remainingOf(props: ClockTagProps, now: number): number | undefined {
  if (typeof props.remainingSeconds === 'number') return props.remainingSeconds;
  if (!props.due) return undefined;
  const due = Date.parse(props.due);
  return Number.isNaN(due) ? undefined : Math.floor((due - now) / 1000);
}

function limitOf(props: ClockTagProps): number | undefined {
  if (typeof props.limitDays === 'number') return props.limitDays * DAY;
  if (!props.due || !props.since) return undefined;
  const span = (Date.parse(props.due) - Date.parse(props.since)) / 1000;
  return Number.isFinite(span) && span > 0 ? span : undefined;
}

const UNIT_KEYS = {
  day: ['staff.clock.day', 'staff.clock.days'],
  hour: ['staff.clock.hour', 'staff.clock.hours'],
  minute: ['staff.clock.minute', 'staff.clock.minutes'],
} as const;

/** `183600` -> "2 天 3 小时" / "2 days 3 hours": the two largest whole units. */
export function formatDuration(i18n: I18n, seconds: number): string {
  const s = Math.abs(seconds);
  if (s < MINUTE) return i18n.t('staff.clock.underAMinute');
  const unit = (n: number, kind: keyof typeof UNIT_KEYS) => (n > 0 ? i18n.t(UNIT_KEYS[kind][n === 1 ? 0 : 1], { n }) : '');
  const days = Math.floor(s / DAY);
  const hours = Math.floor((s % DAY) / HOUR);
  const minutes = Math.floor((s % HOUR) / MINUTE);
  const parts =
    days > 0
      ? [unit(days, 'day'), unit(hours, 'hour')]
      : hours > 0
        ? [unit(hours, 'hour'), unit(minutes, 'minute')]
        : [unit(minutes, 'minute')];
  return parts.filter(Boolean).join(' ');
}

/** The words of a clock's standing: never its colour alone. */
export function clockText(i18n: I18n, tone: ClockTone, remaining: number | undefined, provisional?: boolean | null): string {
  const duration = remaining === undefined ? '' : formatDuration(i18n, remaining);
  const text = (() => {
    switch (tone) {
      case 'onTime':
      case 'atRisk':
        return i18n.t('staff.clock.left', { duration });
      case 'overdue':
        // A breach the server announced while our count still shows time left: say overdue, without a figure.
        return remaining === undefined || remaining >= 0 ? i18n.t('staff.clock.overdueNow') : i18n.t('staff.clock.overdue', { duration });
      case 'paused':
        return remaining === undefined ? i18n.t('staff.clock.paused') : i18n.t('staff.clock.pausedLeft', { duration });
      case 'stopped':
        return i18n.t('staff.clock.stopped');
      case 'cancelled':
        return i18n.t('staff.clock.cancelled');
      case 'none':
        return i18n.t('staff.clock.none');
    }
  })();
  return provisional && tone !== 'stopped' && tone !== 'cancelled' ? i18n.t('staff.clock.provisional', { text }) : text;
}

// Ant Design's preset tag colours with a darker text of the same hue: the presets' own text is
// too light on their background for small text (WCAG AA 4.5:1).
const LOOK: Record<ClockTone, { color: string; text?: string; icon: React.ReactNode }> = {
  onTime: { color: 'green', text: '#135200', icon: <CheckCircleOutlined /> },
  atRisk: { color: 'orange', text: '#873800', icon: <WarningOutlined /> },
  overdue: { color: 'red', text: '#a8071a', icon: <ExclamationCircleOutlined /> },
  paused: { color: 'default', icon: <PauseCircleOutlined /> },
  stopped: { color: 'default', icon: <ClockCircleOutlined /> },
  cancelled: { color: 'default', icon: <ClockCircleOutlined /> },
  none: { color: 'default', icon: <ClockCircleOutlined /> },
};

/** The current time, refreshed each minute while shown (a clock's words count minutes). */
function useNow(fixed: number | undefined): number {
  const [now, setNow] = useState(() => fixed ?? Date.now());
  useEffect(() => {
    if (fixed !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), MINUTE * 1000);
    return () => clearInterval(timer);
  }, [fixed]);
  return fixed ?? now;
}

/** A time limit at a glance: green on time, orange at risk, red overdue, grey paused or stopped, and the words saying which. */
export function ClockTag(props: ClockTagProps) {
  const i18n = useI18n();
  const now = useNow(props.now);
  const { tone, remaining } = clockTone(props, now);
  const look = LOOK[tone];
  return (
    <Tag color={look.color} icon={look.icon} style={look.text ? { color: look.text } : undefined} data-tone={tone}>
      {clockText(i18n, tone, remaining, props.provisional)}
    </Tag>
  );
}
