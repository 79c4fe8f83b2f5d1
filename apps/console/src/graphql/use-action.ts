import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { App, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useMutation, type AnyVariables } from 'urql';
import { enumLabel } from '../i18n/enums';
import { describeError, type DescribedError } from '../i18n/errors';
import { useI18n, type Locale } from '../i18n/i18n';
import { oncePerAction } from './client';

/** An action refused, for a person: one sentence, and each field at fault that no control of the form shows. */
export interface ActionProblem {
  message: string;
  details: string[];
}

/** What sending an action came to: the mutation's data, or its refusal in the person's words. */
export type ActionAnswer<Data> = { data: Data; refusal?: undefined } | { data?: undefined; refusal: DescribedError };

export interface ActionOptions {
  /** The form whose controls show the server's field errors. */
  form?: FormInstance;
  /** The form's field names (dotted); a server field under one of them is shown beside it. */
  fields?: readonly string[];
  /** Form.List names: their items' own paths (`items.0.reason`) are shown beside the item's control. */
  lists?: readonly string[];
  /** A server field (and those under it) the form shows under another name: `supplyPointOptions` -> `supplyPoints`. */
  aliases?: Record<string, string>;
  /** Words for the server's field names the form does not show. */
  labels?: Record<string, string>;
  /** A field the form does not show is told by its reason alone, without its name. */
  reasonsOnly?: boolean;
  /** A state a refusal names (INVALID_TRANSITION) in the reader's words; as the server names it by default. */
  stateLabel?: (locale: Locale, state: string) => string;
  /** Another request (other variables) after a refusal takes a new key; by default one key serves the action until it succeeds. */
  keyPerRequest?: boolean;
  /** Refusal codes after which the key is spent: the next attempt takes a new one. */
  spentKeyCodes?: readonly string[];
}

const NONE: readonly string[] = [];
const NO_NAMES: Record<string, string> = {};

const namePath = (field: string) => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
const isUnder = (field: string, name: string) => field === name || field.startsWith(`${name}.`);

/**
 * The one way the console sends a mutation a person asked for. `send` sends it once per action
 * (README, Retrying safely): the idempotency key is kept for a retry after a refusal and renewed
 * after success; it answers the data or the refusal in the person's words. `run` also puts the
 * refusal's field errors beside the form's fields and the rest into `problem` (for
 * ActionProblemAlert), and says `success` in a message when given.
 */
export function useAction<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, options: ActionOptions = {}) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [{ fetching }, execute] = useMutation(document);
  // The action under way: its key, and the request it was last sent with.
  const attempt = useRef<{ key: string; request: string }>(undefined);
  const [problem, setProblem] = useState<ActionProblem>();
  const {
    form,
    fields = NONE,
    lists = NONE,
    aliases = NO_NAMES,
    labels = NO_NAMES,
    reasonsOnly = false,
    stateLabel,
    keyPerRequest = false,
    spentKeyCodes = NONE,
  } = options;

  const send = useCallback(
    async (variables: Variables): Promise<ActionAnswer<Data>> => {
      const request = JSON.stringify(variables);
      if (!attempt.current || (keyPerRequest && attempt.current.request !== request))
        attempt.current = { key: crypto.randomUUID(), request };
      const result = await execute(variables, oncePerAction(attempt.current.key));
      if (result.data && !result.error) {
        attempt.current = undefined;
        return { data: result.data };
      }
      if (result.error?.graphQLErrors.some((e) => spentKeyCodes.includes(String(e.extensions?.code)))) attempt.current = undefined;
      const states = stateLabel && ((state: string) => stateLabel(i18n.locale, state));
      return { refusal: describeError(i18n, result.error ?? new Error('no answer'), states) };
    },
    [execute, i18n, keyPerRequest, spentKeyCodes, stateLabel],
  );

  const run = useCallback(
    async (variables: Variables, success?: string): Promise<Data | undefined> => {
      setProblem(undefined);
      const answer = await send(variables);
      if (!answer.refusal) {
        if (success) void message.success(success);
        return answer.data;
      }
      const details: string[] = [];
      const beside: { name: (string | number)[]; errors: string[] }[] = [];
      for (const [served, reason] of Object.entries(answer.refusal.fields)) {
        const alias = Object.keys(aliases).find((name) => isUnder(served, name));
        const field = alias ? aliases[alias] : served;
        const list = lists.find((name) => isUnder(field, name));
        const own = fields.find((name) => isUnder(field, name));
        if (form && list) beside.push({ name: namePath(field), errors: [reason] });
        else if (form && own) beside.push({ name: namePath(own), errors: [reason] });
        else if (reasonsOnly) details.push(reason);
        else {
          const slot = /^documents\.(\w+)$/.exec(field)?.[1];
          const label = labels[field] ?? (slot ? enumLabel(i18n.locale, 'DocumentSlot', slot) : field);
          details.push(i18n.t('error.field', { field: label, reason }));
        }
      }
      form?.setFields(beside);
      setProblem({ message: answer.refusal.message, details });
      return undefined;
    },
    [send, message, i18n, form, fields, lists, aliases, labels, reasonsOnly],
  );

  return { send, run, fetching, problem };
}
