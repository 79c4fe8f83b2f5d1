import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { App, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useMutation, type AnyVariables } from 'urql';
import { oncePerAction } from '../../graphql/client';
import { describeError } from '../../i18n/errors';
import { useI18n } from '../../i18n/i18n';

const namePath = (field: string) => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * One mutation a person triggers from a form: sent once per action (the key is kept for a retry
 * after an error and renewed after success); a refusal's field errors go beside the form's fields
 * (`fields`, dotted names), the rest into `problem` for an alert.
 */
export function useFormAction<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  form: FormInstance | undefined,
  fields: readonly string[],
) {
  const i18n = useI18n();
  const { message } = App.useApp();
  const [{ fetching }, execute] = useMutation(document);
  const key = useRef<string | undefined>(undefined);
  const [problem, setProblem] = useState<string>();

  const run = useCallback(
    async (variables: Variables, success: string): Promise<Data | undefined> => {
      key.current ??= crypto.randomUUID();
      setProblem(undefined);
      const result = await execute(variables, oncePerAction(key.current));
      if (result.error || !result.data) {
        const described = describeError(i18n, result.error ?? new Error('no answer'));
        const beside: { name: (string | number)[]; errors: string[] }[] = [];
        const rest: string[] = [];
        for (const [field, reason] of Object.entries(described.fields)) {
          const own = fields.find((name) => field === name || field.startsWith(`${name}.`));
          if (form && own) beside.push({ name: namePath(own), errors: [reason] });
          else rest.push(i18n.t('error.field', { field, reason }));
        }
        form?.setFields(beside);
        setProblem([described.message, ...rest].join(' '));
        return undefined;
      }
      key.current = undefined;
      void message.success(success);
      return result.data;
    },
    [execute, i18n, message, form, fields],
  );

  // A new action (the form opened again) takes a new key.
  const reset = useCallback(() => {
    key.current = undefined;
    setProblem(undefined);
  }, []);
  return { run, fetching, problem, reset };
}
