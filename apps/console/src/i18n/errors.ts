import type { CombinedError } from 'urql';
import type { MessageKey } from './messages';
import type { I18n } from './i18n';

/** One field at fault, as the services report it (`input.capacityKva`). */
interface ServerFieldError {
  field: string;
  message: string;
}

export interface DescribedError {
  /** One sentence for the person, in their language (never a raw code). */
  message: string;
  /** Per form field (the path without `input.`): a short reason in their language. */
  fields: Record<string, string>;
}

const REASONS: [RegExp, MessageKey][] = [
  [/control character/i, 'error.reason.control'],
  [/(must not be blank|should not be empty|is required|must be given|required)/i, 'error.reason.required'],
  [/(at most|too long|longer than|must be shorter)/i, 'error.reason.tooLong'],
  [/(positive|greater than 0|more than 0)/i, 'error.reason.positive'],
  [/(date|calendar)/i, 'error.reason.date'],
  [/(between|at least|range|must not be greater|must not be less|maximum|minimum)/i, 'error.reason.range'],
  [/(uuid|format|must match|must be a valid|form)/i, 'error.reason.format'],
];

/** A server's English reason for a field, in the person's language. */
export function fieldReason(i18n: I18n, message: string): string {
  if (i18n.locale === 'en') return message;
  const match = REASONS.find(([pattern]) => pattern.test(message));
  return i18n.t(match ? match[1] : 'error.reason.invalid');
}

/** `input.customer.phone` -> `customer.phone`: the name the form gave the field. */
export function formFieldOf(field: string): string {
  return field.replace(/^input\./, '');
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * What went wrong, for a person: the first GraphQL error's stable code turned into a sentence of
 * their language, each field at fault with its reason; a network failure as such. `stateLabel`
 * names a case state (`currentState`, `requires`) in their language.
 */
export function describeError(i18n: I18n, error: CombinedError | Error, stateLabel: (state: string) => string = (s) => s): DescribedError {
  const graphQLErrors = 'graphQLErrors' in error ? error.graphQLErrors : [];
  const first = graphQLErrors[0];
  if (!first) {
    const network = 'networkError' in error && error.networkError;
    return { message: i18n.t(network ? 'error.NETWORK' : 'error.unknown'), fields: {} };
  }
  const ext = (first.extensions ?? {}) as Record<string, unknown>;
  const code = asString(ext.code) ?? '';
  const fields: Record<string, string> = {};
  for (const f of (Array.isArray(ext.fields) ? ext.fields : []) as ServerFieldError[]) {
    if (typeof f?.field === 'string' && typeof f.message === 'string') fields[formFieldOf(f.field)] ??= fieldReason(i18n, f.message);
  }
  switch (code) {
    case 'INVALID_TRANSITION': {
      const state = stateLabel(asString(ext.currentState) ?? '');
      const requires = Array.isArray(ext.requires) ? (ext.requires as unknown[]).map((r) => stateLabel(String(r))) : [];
      return {
        message: requires.length
          ? i18n.t('error.INVALID_TRANSITION.requires', { state, requires: requires.join(i18n.locale === 'en' ? ' or ' : '或') })
          : i18n.t('error.INVALID_TRANSITION', { state }),
        fields,
      };
    }
    case 'RATE_LIMITED':
      return { message: i18n.t('error.RATE_LIMITED', { seconds: asString(ext.retryAfterSeconds) ?? '60' }), fields };
    case 'INTERNAL_SERVER_ERROR':
      return { message: i18n.t('error.INTERNAL_SERVER_ERROR', { requestId: asString(ext.requestId) ?? '-' }), fields };
    case 'GATE_CLOSED':
      return { message: i18n.t('error.GATE_CLOSED', { detail: Array.isArray(ext.blockedBy) ? ext.blockedBy.join(', ') : '' }), fields };
    default: {
      const key = `error.${code}` as MessageKey;
      return { message: i18n.t(isMessageKey(i18n, key) ? key : 'error.unknown'), fields };
    }
  }
}

function isMessageKey(i18n: I18n, key: string): key is MessageKey {
  return i18n.t(key as MessageKey) !== key;
}
