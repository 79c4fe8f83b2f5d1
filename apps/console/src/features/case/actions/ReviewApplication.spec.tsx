/** @jest-environment jsdom */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Operation } from 'urql';
import { enumLabel } from '../../../i18n/enums';
import type { Locale } from '../../../i18n/i18n';
import type { CannedAnswer } from '../../../testing/canned-client';
import { renderPage } from '../../../testing/render-page';
import { ActionPanel } from '../ActionPanel';
import { button, person, submitted } from '../test-case';

function renderReview(answer: (operation: Operation) => CannedAnswer, locale: Locale = 'zh-CN') {
  const onDone = jest.fn();
  const { seen } = renderPage(
    <ActionPanel caseId={submitted.id} caseData={submitted} completeness={{ complete: true, items: [] }} onDone={onDone} />,
    { as: person(['intake-clerk']), locale, answer },
  );
  return { seen, onDone };
}

/** Picks `value`'s label in the Ant Design select labelled `label`. */
function choose(label: string, locale: Locale, value: string) {
  fireEvent.mouseDown(screen.getByLabelText(label));
  const text = enumLabel(locale, 'CustomerCategory', value);
  const option = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.textContent === text);
  if (!option) throw new Error(`no option ${text} in ${label}`);
  fireEvent.click(option);
}

const sentInputs = (seen: Operation[]) => seen.filter((o) => o.kind === 'mutation').map((o) => (o.variables as { input: unknown }).input);

describe('ReviewApplication: the category set by hand', () => {
  afterEach(() => sessionStorage.clear());

  it('sends the chosen category with the reason, and says it is done', async () => {
    const { seen, onDone } = renderReview(() => ({
      data: { overrideCategory: { __typename: 'Case', id: submitted.id, category: 'LV_NON_RESIDENTIAL' } },
    }));
    fireEvent.click(screen.getByText('更改客户类别'));
    expect(screen.getByText('当前类别：低压居民；按申请信息判定的类别：低压居民。')).toBeTruthy();
    choose('新的客户类别', 'zh-CN', 'LV_NON_RESIDENTIAL');
    fireEvent.change(screen.getByLabelText('更改类别的原因'), { target: { value: ' 沿街商铺，按非居民用电 ' } });
    fireEvent.click(button('保存客户类别')!);
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('客户类别已更改')).toBeTruthy();
    expect(sentInputs(seen)).toEqual([{ caseId: submitted.id, category: 'LV_NON_RESIDENTIAL', reason: '沿街商铺，按非居民用电' }]);
    const key = (seen.find((o) => o.kind === 'mutation')!.context as { idempotencyKey?: string }).idempotencyKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
  }, 15_000);

  it('sends nothing without a reason or with the current category, and shows a refused reason beside its field', async () => {
    const { seen, onDone } = renderReview(
      () => ({
        errors: [
          {
            message: 'input validation failed',
            extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'input.reason', message: 'is too long' }] },
          },
        ],
      }),
      'en',
    );
    fireEvent.click(screen.getByText('Change the customer category'));
    choose('New customer category', 'en', 'LV_RESIDENTIAL');
    fireEvent.click(button('Save the category')!);
    expect(await screen.findByText('is the current category', {}, { timeout: 5000 })).toBeTruthy();
    expect(await screen.findByText('required')).toBeTruthy();
    expect(sentInputs(seen)).toHaveLength(0);

    choose('New customer category', 'en', 'HV_SINGLE_SOURCE');
    fireEvent.change(screen.getByLabelText('Reason for the change'), { target: { value: 'A dedicated transformer' } });
    fireEvent.click(button('Save the category')!);
    await waitFor(() => expect(sentInputs(seen)).toHaveLength(1));
    expect(await screen.findByText('Please check the marked fields.')).toBeTruthy();
    const reasonItem = screen.getByLabelText('Reason for the change').closest<HTMLElement>('.ant-form-item')!;
    expect(await within(reasonItem).findByText('is too long')).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
  }, 15_000);
});
