import type { CaseActionCode, CaseEventType, EventPayload } from '@yekuo/events';
import { actionsOf } from './event-actions';

const base = { caseId: 'c', caseNumber: 'YK-2026-000001', customerId: 'u', policyVersion: '2024-12', actor: { id: 'a', role: 'planner' } };

/** Replays the opens and closes of a path of events; returns what is open after each. */
function replay(path: Array<[CaseEventType, Record<string, unknown>]>, category: string): string[][] {
  const open = new Set<CaseActionCode>();
  return path.map(([type, extra]) => {
    const actions = actionsOf(type, { ...base, category, ...extra } as unknown as EventPayload<typeof type>);
    for (const code of actions?.closes ?? []) open.delete(code);
    for (const code of actions?.opens ?? []) open.add(code);
    return [...open].sort();
  });
}

describe('the actions each event opens and closes', () => {
  it('walks a 三零 case from application to archive with nothing left open', () => {
    const after = replay(
      [
        ['intake.application.submitted.v1', {}],
        ['intake.application.accepted.v1', { processVariant: 'THREE_ZERO' }],
        ['contracts.contract.drafted.v1', { termsVersion: 0 }],
        ['contracts.contract.signed.v1', { party: 'CUSTOMER' }],
        ['contracts.contract.signed.v1', { party: 'UTILITY' }],
        ['planning.survey.scheduled.v1', {}],
        ['planning.survey.completed.v1', {}],
        ['planning.scheme.drafted.v1', {}],
        ['planning.scheme.approved.v1', { final: true }],
        ['planning.scheme.replied.v1', { processVariant: 'THREE_ZERO' }],
        ['planning.scheme.confirmed.v1', { processVariant: 'THREE_ZERO' }],
        ['metering.meter.installed.v1', {}],
        ['metering.gate.opened.v1', {}],
        ['metering.case.energized.v1', {}],
        ['metering.case.archived.v1', {}],
      ],
      'LV_NON_RESIDENTIAL',
    );
    expect(after[1]).toEqual(['SURVEY_AND_DRAFT_SCHEME']);
    expect(after[2]).toEqual(['SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY', 'SURVEY_AND_DRAFT_SCHEME']);
    expect(after[4]).toEqual(['SURVEY_AND_DRAFT_SCHEME']);
    // The fast path's survey and scheme, published together, leave only the scheme's reply step: confirmed by rule.
    expect(after[9]).toEqual([]);
    expect(after[10]).toEqual(['INSTALL_METER']);
    expect(after[12]).toEqual(['ENERGIZE']);
    expect(after[14]).toEqual([]);
  });

  it('opens the customer’s confirmation, design and contract drafting on the pre-reform and 三省 paths', () => {
    for (const processVariant of [undefined, 'THREE_SAVINGS']) {
      const after = replay(
        [
          ['intake.application.accepted.v1', { processVariant }],
          ['planning.survey.scheduled.v1', {}],
          ['planning.survey.completed.v1', {}],
          ['planning.scheme.drafted.v1', {}],
          ['planning.scheme.approved.v1', { final: false }],
          ['planning.scheme.approved.v1', { final: true }],
          ['planning.scheme.replied.v1', { processVariant }],
          ['planning.scheme.confirmed.v1', { processVariant }],
          ['contracts.fees.invoiced.v1', {}],
        ],
        'HV_SINGLE_SOURCE',
      );
      expect(after[0]).toEqual(['SCHEDULE_SURVEY']);
      expect(after[4]).toEqual(['APPROVE_SCHEME']);
      expect(after[6]).toEqual(['CONFIRM_SCHEME']);
      expect(after[8]).toEqual(['DRAFT_CONTRACT', 'INSTALL_METER', 'PAY_FEES', 'SUBMIT_DESIGN']);
    }
    const lv = replay([['planning.scheme.confirmed.v1', {}]], 'LV_NON_RESIDENTIAL');
    expect(lv[0]).toEqual(['DRAFT_CONTRACT', 'INSTALL_METER', 'START_CONSTRUCTION']);
  });

  it('names none for the events that open and close no work', () => {
    expect(actionsOf('planning.scheme.approved.v1', { ...base, category: 'HV_SINGLE_SOURCE', final: false } as never)).toBeUndefined();
    expect(actionsOf('metering.meter.assigned.v1', { ...base, category: 'HV_SINGLE_SOURCE' } as never)).toBeUndefined();
  });
});
