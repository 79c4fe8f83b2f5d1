/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import type { Operation } from 'urql';
import { enumLabel } from '../../i18n/enums';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { ActionPanel } from './ActionPanel';
import type { CaseCompleteness, CaseData } from './case-data';
import { button, person, submitted } from './test-case';

const complete: CaseCompleteness = { complete: true, items: [] };

const meterAssigned: CaseData = {
  ...submitted,
  status: 'ACCEPTED',
  journey: {
    ...submitted.journey,
    currentStage: 'METER_INSTALLATION',
    openActions: [
      {
        code: 'INSTALL_METER',
        role: 'METERING_TECHNICIAN',
        team: 'metering-310104',
        description: 'Assign, install and record the meter',
        since: '2026-03-03T02:00:00.000Z',
        due: null,
      },
    ],
  },
  metering: {
    status: 'METER_ASSIGNED',
    meteringMethod: 'LOW_SUPPLY_LOW_METERING',
    meter: { id: 'meter-1', number: 'SP-0001', type: 'SINGLE_PHASE', accuracyClass: 'CLASS_2', status: 'ASSIGNED' },
    installation: null,
    requiredConditions: ['CONTRACT_SIGNED', 'METER_INSTALLED'],
    recordedConditions: ['CONTRACT_SIGNED'],
    blockedBy: ['METER_INSTALLED'],
    gateOpen: false,
    gateOpenedAt: null,
    energizedAt: null,
    archivedAt: null,
    clock: null,
    meterInstallationClock: null,
  },
};

function renderPanel(
  roles: string[],
  answer: (operation: Operation) => CannedAnswer = () => ({ data: {} }),
  caseData: CaseData = submitted,
  locale: Locale = 'zh-CN',
) {
  const onDone = jest.fn();
  const { seen } = renderPage(<ActionPanel caseId={caseData.id} caseData={caseData} completeness={complete} onDone={onDone} />, {
    as: person(roles),
    locale,
    answer,
  });
  return { seen, onDone };
}

describe('ActionPanel', () => {
  afterEach(() => sessionStorage.clear());

  it('gives an intake clerk the accept and return forms of a submitted application', () => {
    renderPanel(['intake-clerk']);
    expect(button('受理申请')).toBeTruthy();
    expect(button('退回申请')).toBeTruthy();
    expect(screen.getByLabelText('给客户的说明')).toBeTruthy();
  });

  it('gives the customer nothing to do while the front desk reviews', () => {
    renderPanel(['customer']);
    expect(button('受理申请')).toBeNull();
    expect(button('退回申请')).toBeNull();
    expect(screen.getByText('目前没有需要您办理的事项。')).toBeTruthy();
  });

  it('says in words which state the case is in when the acceptance comes too late', async () => {
    const { seen, onDone } = renderPanel(['intake-clerk'], () => ({
      errors: [
        {
          message: 'acceptApplication is not allowed from ACCEPTED',
          extensions: { code: 'INVALID_TRANSITION', currentState: 'ACCEPTED', requires: ['SUBMITTED'] },
        },
      ],
    }));
    fireEvent.click(button('受理申请')!);
    const alert = await screen.findByRole('alert');
    const accepted = enumLabel('zh-CN', 'ApplicationStatus', 'ACCEPTED');
    const wanted = enumLabel('zh-CN', 'ApplicationStatus', 'SUBMITTED');
    expect(alert.textContent).toContain(`案件当前为「${accepted}」，此操作需要：${wanted}。`);
    expect(within(alert).queryByText(/ACCEPTED|SUBMITTED/)).toBeNull();
    expect(onDone).not.toHaveBeenCalled();
    // Sent once, with the key of this one action.
    const sent = seen.filter((o) => o.kind === 'mutation');
    expect(sent).toHaveLength(1);
    expect((sent[0].context as { idempotencyKey?: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the action key for a retry after a refusal and takes a new one after success', async () => {
    let answers = 0;
    const { seen, onDone } = renderPanel(['intake-clerk'], (operation) =>
      answers++ === 0
        ? { errors: [{ message: 'unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }
        : {
            data: { acceptApplication: { __typename: 'Case', id: (operation.variables as { caseId: string }).caseId, status: 'ACCEPTED' } },
          },
    );
    fireEvent.click(button('受理申请')!);
    await screen.findByText('服务暂时不可用，请稍后重试。');
    fireEvent.click(button('受理申请')!);
    await screen.findByText('申请已受理');
    expect(onDone).toHaveBeenCalledTimes(1);
    fireEvent.click(button('受理申请')!);
    await screen.findAllByText('申请已受理');
    expect(onDone).toHaveBeenCalledTimes(2);
    const keys = seen.map((o) => (o.context as { idempotencyKey?: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('offers the metering technician the next step of the installation only', () => {
    renderPanel(['metering-technician'], undefined, meterAssigned, 'en');
    expect(button('Schedule the installation')).toBeTruthy();
    expect(button('Assign the meter')).toBeNull();
    expect(button('Record the installation')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Technician staff id').value).toBe('metering-technician-1');
  });
});
