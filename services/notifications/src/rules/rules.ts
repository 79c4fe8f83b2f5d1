import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CASE_ACTION_CODES, CaseActionCode, EVENT_TYPES, EventType, ROLES, Role, STAGES } from '@yekuo/events';

type Stage = (typeof STAGES)[number];
import { z } from 'zod';
import { CHANNELS, Channel, LOCALES, Locale } from '../channels/channel';

export const URGENCIES = ['LOW', 'NORMAL', 'HIGH'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The data folder of this service (rules.json, templates.json); a deployment may point RULES_DIR elsewhere. */
export const DATA_DIR = resolve(__dirname, '..', '..', 'data');

/** A reminder counts this item: an action code, or `CLOCK` for every running time-limit clock. */
export const CLOCK_ITEM = 'CLOCK';

const eventType = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);
const actionCode = z.enum(CASE_ACTION_CODES);
const channels = z.array(z.enum(CHANNELS)).min(1);
const urgency = z.enum(URGENCIES);
const personAudience = z.array(z.enum(['CUSTOMER', 'AGENT'])).min(1);

const eventRule = z.object({
  event: eventType,
  template: z.string().min(1),
  audience: personAudience,
  channels,
  urgency,
  /**
   * The action the notification asks for: made only when the event opens it (a scheme replied
   * under 三零 asks the customer nothing), and dropped when it has closed by the time it is
   * processed or sent.
   */
  action: actionCode.optional(),
  /** A time field of the event that must lie after the event itself (an appointment made for now is no appointment to tell of). */
  upcoming: z.string().min(1).optional(),
});

const dueDate = z.object({
  event: eventType,
  item: actionCode,
  /** The event's field holding the item's own deadline (an ISO time). */
  field: z.string().min(1),
});

const reminderRule = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    item: z.union([actionCode, z.literal(CLOCK_ITEM)]),
    /** Working days after the item opened. */
    afterWorkingDays: z.number().int().positive().optional(),
    /** Then again every so many working days while the item stays open. */
    everyWorkingDays: z.number().int().positive().optional(),
    /** Working days before the item's own deadline. */
    beforeWorkingDays: z.number().int().positive().optional(),
    template: z.string().min(1),
    audience: z.array(z.enum(['CUSTOMER', 'AGENT', 'TEAM'])).min(1),
    channels,
    urgency,
  })
  .refine((r) => (r.afterWorkingDays === undefined) !== (r.beforeWorkingDays === undefined), {
    message: 'a reminder has exactly one of afterWorkingDays and beforeWorkingDays',
  })
  .refine((r) => r.everyWorkingDays === undefined || r.afterWorkingDays !== undefined, {
    message: 'everyWorkingDays repeats an afterWorkingDays reminder',
  });

const rulesFile = z.object({
  version: z.string().min(1),
  events: z.array(eventRule),
  /** When an event opens an action, the team of the action's role in the case's region is told in its inbox. */
  teamWork: z.object({
    template: z.string().min(1),
    channels,
    urgency,
    roles: z.record(actionCode, z.enum(ROLES)),
  }),
  dueDates: z.array(dueDate),
  reminders: z.array(reminderRule),
});

const localized = z.object({ title: z.string().min(1), body: z.string().min(1) });
const words = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) });
const templatesFile = z.object({
  version: z.string().min(1),
  templates: z.record(
    z.string(),
    z.object({
      'zh-CN': localized,
      en: localized,
      /** The SMS provider's approved template id; a template without one is not sent by SMS. */
      sms: z.string().min(1).optional(),
    }),
  ),
  /** What each action asks, in words, per language ("what to do next"). */
  actions: z.record(actionCode, words),
  /** The name of each timed step, per language (a clock's reminder names its step). */
  stages: z.record(z.enum(STAGES), words),
});

export type EventRule = z.infer<typeof eventRule>;
export type ReminderRule = z.infer<typeof reminderRule>;
export type DueDateRule = z.infer<typeof dueDate>;
export type RulesData = z.infer<typeof rulesFile>;
export type TemplatesData = z.infer<typeof templatesFile>;
export type Audience = ReminderRule['audience'][number];

function readJson<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * Who is told what, when and how (rules.json), and in which words (templates.json): data, read
 * and checked at boot, so a utility changes them without a release. Every template a rule names
 * must exist in both languages; a rule that names one that does not stops the boot.
 */
export class NotificationRules {
  private readonly byEvent = new Map<EventType, EventRule[]>();
  private readonly dueByEvent = new Map<EventType, DueDateRule[]>();

  constructor(
    readonly rules: RulesData,
    readonly templates: TemplatesData,
  ) {
    const named = [...rules.events.map((r) => r.template), ...rules.reminders.map((r) => r.template), rules.teamWork.template];
    const missing = named.filter((t) => !templates.templates[t]);
    if (missing.length > 0) throw new Error(`rules name templates that do not exist: ${[...new Set(missing)].join(', ')}`);
    for (const rule of rules.events) this.byEvent.set(rule.event, [...(this.byEvent.get(rule.event) ?? []), rule]);
    for (const due of rules.dueDates) this.dueByEvent.set(due.event, [...(this.dueByEvent.get(due.event) ?? []), due]);
  }

  static fromDirectory(directory = DATA_DIR): NotificationRules {
    return new NotificationRules(
      readJson(rulesFile, join(directory, 'rules.json')),
      readJson(templatesFile, join(directory, 'templates.json')),
    );
  }

  forEvent(type: EventType): readonly EventRule[] {
    return this.byEvent.get(type) ?? [];
  }

  dueDatesOf(type: EventType): readonly DueDateRule[] {
    return this.dueByEvent.get(type) ?? [];
  }

  /** The staff role that takes `action`, or undefined for the customer's own actions. */
  staffRoleOf(action: CaseActionCode): Role | undefined {
    const role = this.rules.teamWork.roles[action];
    return role && role !== 'customer' && role !== 'agent' ? role : undefined;
  }

  get reminders(): readonly ReminderRule[] {
    return this.rules.reminders;
  }

  /** The title and text of `template` in `locale`, its `{name}` placeholders filled from `params`. */
  render(template: string, locale: Locale, params: Record<string, string>): { title: string; body: string } {
    const text = this.templates.templates[template]?.[locale];
    if (!text) return { title: template, body: '' };
    const localizedParams: Record<string, string> = {
      ...params,
      ...(params.action ? { next: this.actionText(params.action, locale) } : {}),
      ...(params.stage ? { stage: this.templates.stages[params.stage as Stage]?.[locale] ?? params.stage } : {}),
    };
    const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, name: string) => formatParam(name, localizedParams[name], locale));
    return { title: fill(text.title), body: fill(text.body) };
  }

  smsTemplateOf(template: string): string | undefined {
    return this.templates.templates[template]?.sms;
  }

  actionText(action: string, locale: Locale): string {
    return this.templates.actions[action as CaseActionCode]?.[locale] ?? action;
  }
}

const DATE_PARAMS = /(At|Until)$/;

/** A parameter as the reader reads it: times in China Standard Time, in the reader's language. */
function formatParam(name: string, value: string | undefined, locale: Locale): string {
  if (value === undefined) return '';
  if (!DATE_PARAMS.test(name)) return value;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(time);
}

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
