// Canned case data for the case page's component tests.
import { screen } from '@testing-library/react';
import type { CaseData } from './case-data';

/** The claims of a person of the case's region with `roles`. */
export function person(roles: string[]) {
  return { sub: `${roles[0]}-1`, roles, regions: ['310104'] };
}

export const submitted = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  number: 'YK-2026-000042',
  category: 'LV_RESIDENTIAL',
  businessType: 'NEW_CONNECTION',
  status: 'SUBMITTED',
  submissionRound: 1,
  submittedAt: '2026-03-02T01:00:00.000Z',
  acceptedAt: null,
  processVariant: null,
  inspectionStatus: null,
  documents: [],
  application: {
    siteAddress: '上海市徐汇区漕溪北路88号',
    regionCode: '310104',
    usage: 'RESIDENTIAL',
    voltageLevel: 'AC220V',
    capacityKva: 8,
    supplySources: 1,
    wantedDate: null,
    derivedCategory: 'LV_RESIDENTIAL',
    loads: [],
  },
  customer: { id: 'customer-1', name: '周工', kind: 'PERSON' },
  returnNotice: null,
  withdrawal: null,
  acceptanceClock: null,
  endToEndClock: null,
  journey: {
    currentStage: 'APPLICATION',
    links: [],
    steps: [],
    outstandingFromCustomer: [],
    openActions: [
      {
        code: 'REVIEW_APPLICATION',
        role: 'INTAKE_CLERK',
        team: 'intake-310104',
        description: 'Check the application for completeness',
        since: '2026-03-02T01:00:00.000Z',
        due: null,
      },
    ],
    currentStep: null,
    fees: null,
  },
  planningStatus: null,
  survey: null,
  scheme: null,
  recommendedConstructionUnits: null,
  chosenConstructionUnit: null,
  designReview: null,
  construction: null,
  inspections: [],
  acceptance: null,
  inspectionClocks: [],
  externalWorks: null,
  planningClocks: [],
  contractsStatus: null,
  contract: null,
  contractDraftingClock: null,
  fees: null,
  metering: null,
} satisfies CaseData;

/** The button whose text is `name`, or null (role queries over a whole page are slow in jsdom). */
export function button(name: string): HTMLButtonElement | null {
  return (
    screen
      .queryAllByText(name)
      .map((e) => e.closest('button'))
      .find((b) => b !== null) ?? null
  );
}
