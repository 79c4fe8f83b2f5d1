/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { gql, Provider, type Operation } from 'urql';
import { I18nProvider } from '../i18n/i18n';
import { cannedClient, type CannedAnswer } from '../testing/canned-client';
import { useAction, type ActionOptions } from './use-action';

const Rename = gql<{ rename: { id: string } }, { name: string }>`
  mutation Rename($name: String!) {
    rename(name: $name) {
      id
    }
  }
`;

const done: CannedAnswer = { data: { rename: { __typename: 'Thing', id: 'thing-1' } } };
const refused = (code: string, fields: { field: string; message: string }[] = []): CannedAnswer => ({
  errors: [{ message: code, extensions: { code, fields } }],
});

/** The hook over a client that gives `answers` in turn; the operations sent are collected. */
function renderAction(answers: CannedAnswer[], options?: ActionOptions) {
  const seen: Operation[] = [];
  const client = cannedClient(() => answers.shift() ?? done, seen);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <I18nProvider locale="en">
      <Provider value={client}>
        <AntApp>{children}</AntApp>
      </Provider>
    </I18nProvider>
  );
  const { result } = renderHook(() => useAction(Rename, options), { wrapper });
  const keys = () => seen.map((o) => (o.context as { idempotencyKey?: string }).idempotencyKey);
  return { result, keys };
}

describe('useAction', () => {
  it('keeps the key for a retry after a refusal and takes a new one for the next action', async () => {
    const { result, keys } = renderAction([refused('SERVICE_UNAVAILABLE'), done, done]);
    const first = await act(() => result.current.send({ name: 'a' }));
    expect(first.refusal?.message).toBe('The service is briefly unavailable; try again shortly.');
    expect((await act(() => result.current.send({ name: 'b' }))).data).toEqual({ rename: { __typename: 'Thing', id: 'thing-1' } });
    await act(() => result.current.send({ name: 'c' }));
    const [refusedKey, retryKey, nextKey] = keys();
    expect(refusedKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(retryKey).toBe(refusedKey);
    expect(nextKey).not.toBe(retryKey);
  });

  it('takes a new key for another request when told to, and keeps it for the same one', async () => {
    const { result, keys } = renderAction([refused('SERVICE_UNAVAILABLE'), refused('SERVICE_UNAVAILABLE'), done], { keyPerRequest: true });
    await act(() => result.current.send({ name: 'a' }));
    await act(() => result.current.send({ name: 'a' }));
    await act(() => result.current.send({ name: 'b' }));
    const [first, same, other] = keys();
    expect(same).toBe(first);
    expect(other).not.toBe(first);
  });

  it('sends no key again that the server calls spent', async () => {
    const { result, keys } = renderAction([refused('IDEMPOTENCY_KEY_REUSED'), refused('SERVICE_UNAVAILABLE'), done], {
      spentKeyCodes: ['IDEMPOTENCY_KEY_REUSED'],
    });
    await act(() => result.current.send({ name: 'a' }));
    await act(() => result.current.send({ name: 'a' }));
    await act(() => result.current.send({ name: 'a' }));
    const [spent, fresh, retry] = keys();
    expect(fresh).not.toBe(spent);
    expect(retry).toBe(fresh);
  });

  it('tells the fields at fault that no form shows by their names in words, or by their reasons alone', async () => {
    const fields = [
      { field: 'input.documents.PROPERTY_PROOF', message: 'is required' },
      { field: 'input.nickname', message: 'is too long' },
      { field: 'input.documentId', message: 'must be a UUID' },
    ];
    const named = renderAction([refused('VALIDATION_FAILED', fields)], { labels: { documentId: 'Document' } });
    expect(await act(() => named.result.current.run({ name: 'a' }))).toBeUndefined();
    expect(named.result.current.problem).toEqual({
      message: 'Please check the marked fields.',
      details: ['Proof of property of the site: is required', 'nickname: is too long', 'Document: must be a UUID'],
    });

    const bare = renderAction([refused('VALIDATION_FAILED', fields)], { reasonsOnly: true });
    await act(() => bare.result.current.run({ name: 'a' }));
    expect(bare.result.current.problem?.details).toEqual(['is required', 'is too long', 'must be a UUID']);
  });

  it('names a state a refusal gives in the words it is told', async () => {
    const wrongState: CannedAnswer = {
      errors: [{ message: 'no', extensions: { code: 'INVALID_TRANSITION', currentState: 'ACCEPTED', requires: ['SUBMITTED'] } }],
    };
    const { result } = renderAction([wrongState], { stateLabel: (locale, state) => `${locale}:${state.toLowerCase()}` });
    await act(() => result.current.run({ name: 'a' }));
    expect(result.current.problem?.message).toBe('The case is "en:accepted"; this needs: en:submitted.');
  });
});
