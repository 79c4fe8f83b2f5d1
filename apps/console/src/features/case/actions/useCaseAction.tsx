import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Alert, App, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useMutation, type AnyVariables } from 'urql';
import { oncePerAction } from '../../../graphql/client';
import { enumLabel } from '../../../i18n/enums';
import { describeError } from '../../../i18n/errors';
import { useI18n } from '../../../i18n/i18n';
import { stateLabel } from '../case-data';

export interface ActionProblem {
  message: string;
  /** Fields at fault that no control of the form shows, in words. */
  details: string[];
}

interface Options {
  /** The form whose controls show the server's field errors. */
  form?: FormInstance;
  /** The form's field names (dotted); a server field under one of them is shown beside it. */
  fields?: readonly string[];
  /** Form.List names: their items' own paths (`items.0.reason`) are shown beside the item's control. */
  lists?: readonly string[];
  /** Words for the server's field names the form does not show. */
  labels?: Record<string, string>;
  /** A server field (and those under it) the form shows under another name: `supplyPointOptions` -> `supplyPoints`. */
  aliases?: Record<string, string>;
}

const namePath = (field: string) => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * One mutation a person triggers from a form: sent once per action (the key is kept for a retry
 * after an error and renewed after success), its refusal in words (field errors beside the
 * fields, the rest in an alert), its success said in a message.
 */
export function useCaseAction<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, options: Options = {}) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [{ fetching }, execute] = useMutation(document);
  const key = useRef<string | undefined>(undefined);
  const [problem, setProblem] = useState<ActionProblem>();
  const { form, fields = [], lists = [], labels = {}, aliases = {} } = options;

  const run = useCallback(
    async (variables: Variables, success: string): Promise<Data | undefined> => {
      key.current ??= crypto.randomUUID();
      setProblem(undefined);
      const result = await execute(variables, oncePerAction(key.current));
      if (result.error || !result.data) {
        const described = describeError(i18n, result.error ?? new Error('no answer'), (state) => stateLabel(i18n.locale, state));
        const details: string[] = [];
        const beside: { name: (string | number)[]; errors: string[] }[] = [];
        for (const [served, reason] of Object.entries(described.fields)) {
          const alias = Object.keys(aliases).find((name) => served === name || served.startsWith(`${name}.`));
          const field = alias ? aliases[alias] : served;
          const list = lists.find((name) => field === name || field.startsWith(`${name}.`));
          const own = fields.find((name) => field === name || field.startsWith(`${name}.`));
          if (form && list) beside.push({ name: namePath(field), errors: [reason] });
          else if (form && own) beside.push({ name: namePath(own), errors: [reason] });
          else {
            const slot = /^documents\.(\w+)$/.exec(field)?.[1];
            const label = labels[field] ?? (slot ? enumLabel(i18n.locale, 'DocumentSlot', slot) : field);
            details.push(i18n.t('error.field', { field: label, reason }));
          }
        }
        form?.setFields(beside);
        setProblem({ message: described.message, details });
        return undefined;
      }
      key.current = undefined;
      void message.success(success);
      return result.data;
    },
    [execute, i18n, message, form, fields, lists, labels, aliases],
  );

  return { run, fetching, problem };
}

/** The refusal of an action: one sentence, and each field at fault the form does not show. */
export function ActionProblemAlert({ problem }: { problem?: ActionProblem }) {
  if (!problem) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={problem.message}
      description={
        problem.details.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problem.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
