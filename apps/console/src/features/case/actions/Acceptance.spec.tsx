/** @jest-environment jsdom */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../../i18n/i18n';
import { renderPage } from '../../../testing/render-page';
import { ActionPanel } from '../ActionPanel';
import type { CaseData } from '../case-data';
import { button, submitted } from '../test-case';

/** A department signer: the department comes from the token, never from the form. */
function signer(department: string) {
  return { sub: `signer-${department}`, roles: ['department-signer'], department, regions: ['310104'] };
}

const doc = (n: number) => `d0c00000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const countersigning: CaseData = {
  ...submitted,
  category: 'HV_DUAL_SOURCE',
  status: 'ACCEPTED',
  inspectionStatus: 'ACCEPTANCE_REQUESTED',
  journey: {
    ...submitted.journey,
    currentStage: 'COMPLETION_ACCEPTANCE',
    openActions: [
      {
        code: 'COUNTERSIGN_ACCEPTANCE',
        role: 'DEPARTMENT_SIGNER',
        team: 'acceptance-310104',
        description: 'Countersign the completion acceptance',
        since: '2026-04-01T02:00:00.000Z',
        due: null,
      },
    ],
  },
  acceptance: {
    status: 'REQUESTED',
    currentRound: 1,
    checklist: [{ item: 'COMPLETION_REPORT', description: 'Completion report of the construction unit (竣工报告)' }],
    documents: [{ item: 'COMPLETION_REPORT', documentId: doc(11) }],
    requiredDepartments: ['marketing', 'operations', 'dispatch', 'metering', 'safety'],
    pendingDepartments: ['safety'],
    passedDepartments: [],
    signatures: [
      { department: 'marketing', result: 'PASS', items: [], signedAt: '2026-04-01T03:00:00.000Z' },
      { department: 'operations', result: 'PASS', items: [], signedAt: '2026-04-01T03:10:00.000Z' },
      { department: 'dispatch', result: 'PASS', items: [], signedAt: '2026-04-01T03:20:00.000Z' },
      { department: 'metering', result: 'PASS', items: [], signedAt: '2026-04-01T03:30:00.000Z' },
    ],
    rectificationNotice: null,
    requestedAt: '2026-04-01T02:00:00.000Z',
    decidedAt: null,
  },
};

function renderCountersign(department: string, locale: Locale = 'zh-CN') {
  const onDone = jest.fn();
  const { seen } = renderPage(<ActionPanel caseId={countersigning.id} caseData={countersigning} onDone={onDone} />, {
    as: signer(department),
    locale,
    answer: () => ({ data: { countersign: { __typename: 'Case', id: countersigning.id } } }),
  });
  return { seen, onDone };
}

const sentInputs = (seen: Operation[]) => seen.filter((o) => o.kind === 'mutation').map((o) => (o.variables as { input: unknown }).input);

describe('Countersign', () => {
  afterEach(() => sessionStorage.clear());

  it('sends a PASS with no items for the department in the token', async () => {
    const { seen, onDone } = renderCountersign('safety');
    expect(screen.getByText('您将代表安全监察部会签。')).toBeTruthy();
    fireEvent.click(button('提交会签')!);
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(sentInputs(seen)).toEqual([{ caseId: countersigning.id, result: 'PASS', items: [] }]);
  });

  it('sends a FAIL with each line as an item to rectify', async () => {
    const { seen, onDone } = renderCountersign('safety', 'en');
    fireEvent.click(screen.getByLabelText('Fail'));
    const items = await screen.findByLabelText('Items to rectify');
    fireEvent.change(items, {
      target: { value: '接地电阻 6.2 Ω，超过 4 Ω 限值\n\n  Fire extinguishers missing in the switch room  \n' },
    });
    fireEvent.click(button('Countersign')!);
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(sentInputs(seen)).toEqual([
      {
        caseId: countersigning.id,
        result: 'FAIL',
        items: ['接地电阻 6.2 Ω，超过 4 Ω 限值', 'Fire extinguishers missing in the switch room'],
      },
    ]);
  });

  it('sends no FAIL without an item to rectify', async () => {
    const { seen } = renderCountersign('safety');
    fireEvent.click(screen.getByLabelText('不合格'));
    await screen.findByLabelText('整改事项');
    fireEvent.click(button('提交会签')!);
    await screen.findByText('不合格时至少填写一项整改事项');
    expect(sentInputs(seen)).toHaveLength(0);
  });

  it('offers no countersignature to a department that has signed the round', () => {
    renderCountersign('marketing');
    expect(screen.getByText('营销部已会签本轮。')).toBeTruthy();
    expect(button('提交会签')).toBeNull();
  });
});
