import { Injectable } from '@nestjs/common';
import { STAFF_ROLES } from '@yekuo/events';
import { FieldError, hasRole, isStaff, Principal, ValidationFailedError } from '@yekuo/platform';
import { DEFAULT_ORG } from '@yekuo/policy';
import { DataSource } from 'typeorm';
import type { Channel, Locale } from '../channels/channel';
import { NotificationPreference } from './preference.entity';
import { NotificationPreferencesInput, NotificationPreferencesView } from './preferences.model';

const DEFAULTS = { locale: 'zh-CN' as Locale, channels: ['INBOX', 'EMAIL', 'SMS'] as Channel[], timeZone: 'Asia/Shanghai' };

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Each person's preferences, by their token's subject; the defaults until they set any. */
@Injectable()
export class PreferencesService {
  constructor(private readonly dataSource: DataSource) {}

  private find(principal: Principal): Promise<NotificationPreference | null> {
    return this.dataSource.getRepository(NotificationPreference).findOne({ where: { principalId: principal.sub } });
  }

  async of(principal: Principal): Promise<NotificationPreferencesView> {
    return this.view(principal, await this.find(principal));
  }

  async localeOf(principal: Principal): Promise<Locale> {
    return (await this.find(principal))?.locale ?? DEFAULTS.locale;
  }

  /** The teams a staff member follows: those set, or by default their own team, or the teams of their roles in their regions. */
  async followedTeams(principal: Principal): Promise<string[]> {
    if (!isStaff(principal)) return [];
    const set = (await this.find(principal))?.teams;
    return set ?? defaultTeams(principal);
  }

  async update(principal: Principal, input: NotificationPreferencesInput, at: Date): Promise<NotificationPreferencesView> {
    const problems: FieldError[] = [];
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      problems.push({ field: 'input.timeZone', message: 'is not an IANA time zone' });
    const quietGiven = input.quietFrom !== undefined || input.quietUntil !== undefined;
    if (quietGiven && ((input.quietFrom ?? null) === null) !== ((input.quietUntil ?? null) === null)) {
      problems.push({ field: 'input.quietUntil', message: 'quietFrom and quietUntil are given together, or both null' });
    }
    if (input.quietFrom && input.quietFrom === input.quietUntil)
      problems.push({ field: 'input.quietUntil', message: 'must differ from quietFrom' });
    // null: back to the default (the teams of the caller's roles).
    if (input.teams !== undefined && input.teams !== null) {
      if (!isStaff(principal)) problems.push({ field: 'input.teams', message: 'only staff follow teams' });
      const unknown = input.teams.filter((t) => !DEFAULT_ORG.teams.some((team) => team.id === t));
      if (unknown.length > 0) problems.push({ field: 'input.teams', message: `unknown team(s): ${unknown.join(', ')}` });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    const current = await this.find(principal);
    const channels = input.channels ? [...new Set(['INBOX', ...input.channels])] : (current?.channels ?? DEFAULTS.channels);
    const row: NotificationPreference = {
      principalId: principal.sub,
      locale: (input.locale as Locale | undefined) ?? current?.locale ?? DEFAULTS.locale,
      channels: channels as Channel[],
      quietFrom: quietGiven ? (input.quietFrom ? minutesOf(input.quietFrom) : null) : (current?.quietFrom ?? null),
      quietUntil: quietGiven ? (input.quietUntil ? minutesOf(input.quietUntil) : null) : (current?.quietUntil ?? null),
      timeZone: input.timeZone ?? current?.timeZone ?? DEFAULTS.timeZone,
      teams: input.teams === undefined ? (current?.teams ?? null) : input.teams && [...new Set(input.teams)],
      updatedAt: at,
    };
    await this.dataSource.getRepository(NotificationPreference).save(row);
    return this.view(principal, row);
  }

  private view(principal: Principal, row: NotificationPreference | null): NotificationPreferencesView {
    return {
      locale: row?.locale ?? DEFAULTS.locale,
      channels: row?.channels ?? DEFAULTS.channels,
      quietHours: row?.quietFrom != null && row.quietUntil != null ? { from: timeOf(row.quietFrom), until: timeOf(row.quietUntil) } : null,
      timeZone: row?.timeZone ?? DEFAULTS.timeZone,
      teams: isStaff(principal) ? (row?.teams ?? defaultTeams(principal)) : [],
    };
  }
}

function defaultTeams(principal: Principal): string[] {
  if (principal.team) return [principal.team];
  return DEFAULT_ORG.teams
    .filter((team) => team.roles.some((role) => hasRole(principal, role)) && STAFF_ROLES.some((r) => team.roles.includes(r)))
    .filter((team) => principal.regions.length === 0 || team.regions.some((r) => principal.regions.includes(r)))
    .map((team) => team.id);
}
