import { enumFromValues } from '@yekuo/platform';
import { INSPECTION_STATUSES } from './inspection-case/inspection-case.state-machine';

export const DESIGN_REVIEW_STATUSES = ['AWAITING_SUBMISSION', 'SUBMITTED', 'APPROVED', 'RETURNED', 'CANCELLED'] as const;
export type DesignReviewStatus = (typeof DESIGN_REVIEW_STATUSES)[number];

export const COMPLETION_ACCEPTANCE_STATUSES = ['NOT_REQUESTED', 'REQUESTED', 'PASSED', 'FAILED', 'CANCELLED'] as const;
export type CompletionAcceptanceStatus = (typeof COMPLETION_ACCEPTANCE_STATUSES)[number];

// Inspection's closed sets as GraphQL enums. Countersigning departments stay text: they are
// the org data's department ids, which change with the organisation, not with the schema.

export const InspectionStatusEnum = enumFromValues(INSPECTION_STATUSES, 'InspectionStatus', 'Where a case stands in inspection', {
  valueDescriptions: {
    NOT_REQUIRED: 'Its process variant has no inspection stage',
    INTERMEDIATE_FAILED: 'Rectify the failed items, then request the re-inspection',
    CANCELLED: 'The application was withdrawn',
  },
});

export const DesignReviewStatusEnum = enumFromValues(DESIGN_REVIEW_STATUSES, 'DesignReviewStatus', 'Where the design review stands', {
  valueDescriptions: {
    AWAITING_SUBMISSION: 'No design yet',
    SUBMITTED: 'Under review',
    RETURNED: 'Revise and submit again',
    CANCELLED: 'The application was withdrawn',
  },
});

export const DESIGN_DECISIONS = ['APPROVED', 'RETURNED', 'CANCELLED'] as const;
export type DesignDecision = (typeof DESIGN_DECISIONS)[number];

export const DesignDecisionEnum = enumFromValues(DESIGN_DECISIONS, 'DesignDecision', 'How a design review round ended', {
  valueDescriptions: { CANCELLED: 'The application was withdrawn during the review' },
});

export const CompletionAcceptanceStatusEnum = enumFromValues(
  COMPLETION_ACCEPTANCE_STATUSES,
  'CompletionAcceptanceStatus',
  'Where completion acceptance (or one of its rounds) stands',
  {
    valueDescriptions: {
      NOT_REQUESTED: 'Not requested yet (never on a round)',
      REQUESTED: 'Countersigning',
      PASSED: 'Every department passed',
      FAILED: 'Rectify and request again',
      CANCELLED: 'The application was withdrawn',
    },
  },
);

export const ITEM_RESULTS = ['PASS', 'FAIL'] as const;
export type ItemResult = (typeof ITEM_RESULTS)[number];

export const ItemResultEnum = enumFromValues(
  ITEM_RESULTS,
  'InspectionItemResult',
  'The result of one inspected item or one countersignature',
);

export const INTERMEDIATE_RESULTS = ['PENDING', 'PASSED', 'FAILED', 'CANCELLED'] as const;

export const IntermediateResultEnum = enumFromValues(
  INTERMEDIATE_RESULTS,
  'IntermediateInspectionResult',
  'The result of an intermediate inspection',
  {
    valueDescriptions: { PENDING: 'Requested, not yet inspected', CANCELLED: 'The application was withdrawn before the result' },
  },
);

export const RECTIFICATION_STATUSES = ['OPEN', 'RESOLVED', 'CANCELLED'] as const;

export const RectificationStatusEnum = enumFromValues(RECTIFICATION_STATUSES, 'RectificationStatus', 'Where an item to rectify stands', {
  valueDescriptions: {
    OPEN: 'To rectify and re-inspect',
    RESOLVED: 'A re-inspection passed it',
    CANCELLED: 'The application was withdrawn',
  },
});
