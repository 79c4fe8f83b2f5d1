/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { Provider, type Operation } from 'urql';
import { SessionProvider } from '../../../auth/session';
import { I18nProvider, type Locale } from '../../../i18n/i18n';
import { ActionPanel } from '../ActionPanel';
import type { CaseData } from '../case-data';
import { button, cannedClient, submitted } from '../test-case';

/** A department signer's token: the department comes from it, never from the form. */
function signerToken(department: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: `signer-${department}`, roles: ['department-signer'], department, regions: ['310104'] };
  return `${part({ alg: 'none' })}.${part({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
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
  sessionStorage.setItem('yekuo.session', signerToken(department));
  const seen: Operation[] = [];
  const onDone = jest.fn();
  const answer = () => ({ data: { countersign: { __typename: 'Case', id: countersigning.id } } });
  render(
    <I18nProvider locale={locale}>
      <SessionProvider>
        <AntApp>
          <Provider value={cannedClient(answer, seen)}>
            <ActionPanel caseId={countersigning.id} caseData={countersigning} onDone={onDone} />
          </Provider>
        </AntApp>
      </SessionProvider>
    </I18nProvider>,
  );
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
