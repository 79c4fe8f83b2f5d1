/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../../i18n/i18n';
import { renderPage } from '../../../testing/render-page';
import { ActionPanel } from '../ActionPanel';
import type { CaseData } from '../case-data';
import { button, person, submitted } from '../test-case';

const invoiced: CaseData = {
  ...submitted,
  category: 'HV_DUAL_SOURCE',
  status: 'ACCEPTED',
  journey: {
    ...submitted.journey,
    currentStage: 'CONTRACT_AND_FEES',
    openActions: [
      {
        code: 'PAY_FEES',
        role: 'CUSTOMER',
        team: null,
        description: 'Pay the connection fees',
        since: '2026-03-10T02:00:00.000Z',
        due: null,
      },
    ],
  },
  fees: {
    settled: false,
    invoice: {
      status: 'PARTIALLY_PAID',
      total: '420000.00',
      paid: '140000.00',
      outstanding: '280000.00',
      items: [
        {
          code: 'HIGH_RELIABILITY',
          name: 'high-reliability fee',
          description: '高可靠性供电费',
          basis: '210.00 CNY per kVA × 2000 kVA × 1 additional supply source',
          amount: '420000.00',
        },
      ],
    },
    payments: [{ id: 'payment-1', amount: '140000.00', reference: 'ICBC-0001', receivedAt: '2026-03-11T02:00:00.000Z' }],
  },
};

function renderFees(roles: string[], locale: Locale = 'zh-CN') {
  const onDone = jest.fn();
  const { seen } = renderPage(<ActionPanel caseId={invoiced.id} caseData={invoiced} onDone={onDone} />, {
    as: person(roles),
    locale,
    answer: () => ({ data: { recordPayment: { __typename: 'Case', id: invoiced.id } } }),
  });
  return { seen, onDone };
}

const sentInputs = (seen: Operation[]) => seen.filter((o) => o.kind === 'mutation').map((o) => (o.variables as { input: unknown }).input);

describe('PayFees', () => {
  afterEach(() => sessionStorage.clear());

  it('shows the customer the invoice and how to pay, with nothing to record', () => {
    renderFees(['customer']);
    expect(screen.getByText('高可靠性供电费')).toBeTruthy();
    expect(screen.getByText('420000.00 元', { selector: 'td' })).toBeTruthy();
    expect(screen.getByText(/请通过银行转账或到营业厅缴纳待缴金额 280000\.00 元/)).toBeTruthy();
    expect(button('登记收款')).toBeNull();
  });

  it('lets the contract officer record the outstanding amount with its reference', async () => {
    const { seen, onDone } = renderFees(['contract-officer'], 'en');
    const amount = screen.getByLabelText<HTMLInputElement>('Amount received (CNY)');
    expect(amount.value).toBe('280000.00');
    fireEvent.change(amount, { target: { value: '1000.5' } });
    fireEvent.change(screen.getByLabelText('Bank or receipt reference'), { target: { value: ' ICBC-0002 ' } });
    fireEvent.click(button('Record the payment')!);
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(sentInputs(seen)).toEqual([{ caseId: invoiced.id, amount: '1000.50', reference: 'ICBC-0002' }]);
  });

  it('sends no payment above what is outstanding', async () => {
    const { seen } = renderFees(['contract-officer']);
    fireEvent.change(screen.getByLabelText('收款金额（元）'), { target: { value: '280000.01' } });
    fireEvent.click(button('登记收款')!);
    await screen.findByText('不能超过待缴金额 280000.00 元');
    expect(sentInputs(seen)).toHaveLength(0);
  });
});
