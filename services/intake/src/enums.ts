import { enumFromValues } from '@yekuo/platform';
import { APPLICATION_STATUSES } from './case/application-state';
import { CASE_STAGES } from './case/case-stage';
import { APPLICANT_KINDS, ID_TYPES } from './customer/identity';
import { DOCUMENT_SLOT_NAMES, DOCUMENT_SLOTS } from './document/checklist.data';
import { LINK_STATUSES, OUTSTANDING_KINDS } from './journey/journey-policy';
import { TICKET_KINDS } from './ticket/ticket-kinds';
import { TICKET_STATUSES } from './ticket/ticket-state';

export const SLOT_STATUSES = ['MISSING', 'PROVIDED', 'REJECTED'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

export const CLOCK_GROUPINGS = ['STAGE', 'CATEGORY', 'TEAM'] as const;
export type ClockGrouping = (typeof CLOCK_GROUPINGS)[number];

export const CASE_COUNT_DIMENSIONS = ['STAGE', 'CATEGORY'] as const;
export type CaseCountDimension = (typeof CASE_COUNT_DIMENSIONS)[number];

// Intake's closed sets as GraphQL enums; the shared ones (CustomerCategory, BusinessType,
// Usage, VoltageLevel, Role, ClockStage, ServiceName) come from @yekuo/platform.

export const ApplicationStatusEnum = enumFromValues(
  APPLICATION_STATUSES,
  'ApplicationStatus',
  'Acceptance status of an application at the front desk',
  {
    valueDescriptions: {
      SUBMITTED: 'Submitted, awaiting the front desk',
      RETURNED: 'Returned with the one notice; awaiting resubmission',
      ACCEPTED: 'Accepted; the case moves on to planning',
      WITHDRAWN: 'Withdrawn by the customer',
    },
  },
);

export const CaseStageEnum = enumFromValues(CASE_STAGES, 'CaseStage', 'Where a case stands across the whole process');

export const ApplicantKindEnum = enumFromValues(APPLICANT_KINDS, 'ApplicantKind', 'Whether the customer is a person or an enterprise');

export const IdTypeEnum = enumFromValues(ID_TYPES, 'IdType', 'Kind of identity document of a customer');

export const DocumentSlotEnum = enumFromValues(
  DOCUMENT_SLOT_NAMES,
  'DocumentSlot',
  'A place on the application checklist a document is uploaded into',
  {
    valueDescriptions: DOCUMENT_SLOTS,
  },
);

export const ChecklistSlotStatusEnum = enumFromValues(
  SLOT_STATUSES,
  'ChecklistSlotStatus',
  'Whether a checklist slot holds a usable document',
  {
    valueDescriptions: {
      MISSING: 'Nothing uploaded',
      PROVIDED: 'The current version stands',
      REJECTED: 'The current version was rejected',
    },
  },
);

export const OutstandingKindEnum = enumFromValues(OUTSTANDING_KINDS, 'OutstandingKind', 'What a case waits on the customer for');

export const JourneyLinkStatusEnum = enumFromValues(LINK_STATUSES, 'JourneyLinkStatus', 'Where a link of the process stands', {
  valueDescriptions: {
    DONE: 'Every stage of the link is complete',
    CURRENT: 'The first link not done: the case is in it',
    PENDING: 'A link after the current one, not done yet',
  },
});

export const ClockGroupingEnum = enumFromValues(CLOCK_GROUPINGS, 'ClockGrouping', 'How clock statistics are grouped');

export const CaseCountDimensionEnum = enumFromValues(CASE_COUNT_DIMENSIONS, 'CaseCountDimension', 'What cases are counted by', {
  valueDescriptions: { STAGE: 'Where the case stands', CATEGORY: 'The customer category of the case' },
});

export const TicketKindEnum = enumFromValues(TICKET_KINDS, 'TicketKind', 'What a customer raises on a case', {
  valueDescriptions: { URGE: '催办: asks the team to hurry' },
});

export const TicketStatusEnum = enumFromValues(TICKET_STATUSES, 'TicketStatus', 'Where a ticket stands', {
  valueDescriptions: { CLOSED: 'Closed after the customer rated it' },
});
