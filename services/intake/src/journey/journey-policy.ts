import type { CaseStage as VariantStage } from '@yekuo/policy';
import type { CaseActionCode, EventType, Role } from '@yekuo/events';
import type { CaseStage } from '../case/case-stage';

/**
 * How the journey reads the event catalog: data, not branches. Each table names event
 * types only, so a producer changing its internals never changes the journey.
 */

/** The stage a process-variant stage is shown as on the case (`connection_case.stage`). */
export const VARIANT_STAGE_TO_CASE_STAGE: Record<VariantStage, CaseStage> = {
  ACCEPTANCE: 'APPLICATION',
  SURVEY: 'SURVEY',
  SUPPLY_SCHEME: 'SUPPLY_SCHEME',
  DESIGN_REVIEW: 'DESIGN_REVIEW',
  INTERMEDIATE_INSPECTION: 'CONSTRUCTION',
  COMPLETION_ACCEPTANCE: 'COMPLETION_ACCEPTANCE',
  CONTRACT_AND_FEES: 'CONTRACT_AND_FEES',
  METER_INSTALLATION: 'METER_INSTALLATION',
  ENERGIZATION: 'ENERGIZATION',
};

/** A fact the journey derives beyond the events' types: the contract signed by both parties on the terms it must carry. */
export const CONTRACT_FULLY_SIGNED = 'CONTRACT_FULLY_SIGNED';

/**
 * The events that name the process variant the case walks from them on: the acceptance, and
 * planning's reply and confirmation of a scheme (a case leaves 三零 when its scheme no longer
 * qualifies). One without `processVariant` names none; a case none of whose events names one was
 * accepted before variants were walked and walks the pre-reform process.
 */
export const VARIANT_EVENTS: readonly EventType[] = [
  'intake.application.accepted.v1',
  'planning.scheme.replied.v1',
  'planning.scheme.confirmed.v1',
];

/** The group of CONTRACT_AND_FEES that only a variant invoicing fees needs (三零 charges none). */
export const FEES_SETTLED: readonly string[] = ['contracts.fees.settled.v1', 'metering.gate.opened.v1'];

/**
 * When a variant stage is complete: every group must hold, a group holds when any of its facts
 * (event types, or CONTRACT_FULLY_SIGNED) was recorded. The gate opening and energization imply
 * every stage before energization, whatever else was missed.
 */
export const STAGE_COMPLETION: Record<VariantStage, readonly (readonly string[])[]> = {
  ACCEPTANCE: [['intake.application.accepted.v1', 'planning.survey.scheduled.v1', 'planning.survey.completed.v1']],
  // Low-voltage residential cases do survey and scheme in one step: a drafted scheme means the survey is done.
  SURVEY: [
    [
      'planning.survey.completed.v1',
      'planning.scheme.drafted.v1',
      'planning.scheme.approved.v1',
      'planning.scheme.replied.v1',
      'planning.scheme.confirmed.v1',
    ],
  ],
  SUPPLY_SCHEME: [['planning.scheme.confirmed.v1']],
  DESIGN_REVIEW: [['inspection.design.approved.v1']],
  INTERMEDIATE_INSPECTION: [['inspection.intermediate.passed.v1']],
  COMPLETION_ACCEPTANCE: [['inspection.acceptance.passed.v1', 'metering.gate.opened.v1']],
  CONTRACT_AND_FEES: [[CONTRACT_FULLY_SIGNED, 'metering.gate.opened.v1'], FEES_SETTLED],
  METER_INSTALLATION: [['metering.meter.installed.v1', 'metering.gate.opened.v1']],
  ENERGIZATION: [['metering.case.energized.v1']],
};

/** Where a link of the case's variant stands: all its stages complete, the first link not done, or one after it. */
export const LINK_STATUSES = ['DONE', 'CURRENT', 'PENDING'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** Facts after which every stage before energization counts as complete. */
export const COMPLETES_EVERY_STAGE: readonly string[] = ['metering.case.energized.v1', 'metering.case.archived.v1'];

/** Facts that end the case, in the stage they put it in. */
export const TERMINAL_STAGES: readonly { fact: EventType; stage: CaseStage }[] = [
  { fact: 'intake.application.withdrawn.v1', stage: 'WITHDRAWN' },
  { fact: 'metering.case.archived.v1', stage: 'ARCHIVED' },
];

/** The readable name of each step and the stage it belongs to. Types missing here show their type and the stage of the moment. */
export const STEPS: Partial<Record<EventType, { step: string; stage?: CaseStage }>> = {
  'intake.application.submitted.v1': { step: 'Application submitted', stage: 'APPLICATION' },
  'intake.application.returned.v1': { step: 'Application returned with one notice', stage: 'APPLICATION' },
  'intake.application.resubmitted.v1': { step: 'Application resubmitted', stage: 'APPLICATION' },
  'intake.application.accepted.v1': { step: 'Application accepted', stage: 'APPLICATION' },
  'intake.application.withdrawn.v1': { step: 'Application withdrawn', stage: 'WITHDRAWN' },
  'intake.case.facts.v1': { step: 'Case facts republished' },
  'intake.ticket.opened.v1': { step: 'Service ticket opened' },
  'intake.ticket.escalated.v1': { step: 'Service ticket escalated to a supervisor' },
  'intake.ticket.responded.v1': { step: 'Service ticket answered' },
  'intake.ticket.resolved.v1': { step: 'Service ticket resolved' },
  'intake.ticket.rated.v1': { step: 'Service ticket rated and closed' },
  'planning.survey.scheduled.v1': { step: 'Site survey scheduled', stage: 'SURVEY' },
  'planning.survey.completed.v1': { step: 'Site survey completed', stage: 'SURVEY' },
  'planning.recommendation.issued.v1': { step: 'Construction units recommended', stage: 'SUPPLY_SCHEME' },
  'planning.scheme.drafted.v1': { step: 'Supply scheme drafted', stage: 'SUPPLY_SCHEME' },
  'planning.scheme.approved.v1': { step: 'Supply scheme approved', stage: 'SUPPLY_SCHEME' },
  'planning.scheme.rejected.v1': { step: 'Supply scheme rejected for rework', stage: 'SUPPLY_SCHEME' },
  'planning.scheme.replied.v1': { step: 'Supply scheme sent to the customer', stage: 'SUPPLY_SCHEME' },
  'planning.scheme.confirmed.v1': { step: 'Supply scheme confirmed by the customer', stage: 'SUPPLY_SCHEME' },
  'planning.externalworks.ordered.v1': { step: "Utility's external works ordered" },
  'planning.workspermit.granted.v1': { step: 'Permit for the external works granted' },
  'planning.externalworks.completed.v1': { step: "Utility's external works completed" },
  'planning.constructionunit.chosen.v1': { step: 'Construction unit chosen', stage: 'SUPPLY_SCHEME' },
  'planning.case.cancelled.v1': { step: 'Planning work cancelled', stage: 'WITHDRAWN' },
  'inspection.design.submitted.v1': { step: 'Design submitted for review', stage: 'DESIGN_REVIEW' },
  'inspection.design.approved.v1': { step: 'Design approved', stage: 'DESIGN_REVIEW' },
  'inspection.design.returned.v1': { step: 'Design returned for revision', stage: 'DESIGN_REVIEW' },
  'inspection.construction.started.v1': { step: 'Construction started', stage: 'CONSTRUCTION' },
  'inspection.intermediate.requested.v1': { step: 'Intermediate inspection requested', stage: 'CONSTRUCTION' },
  'inspection.intermediate.passed.v1': { step: 'Intermediate inspection passed', stage: 'CONSTRUCTION' },
  'inspection.intermediate.failed.v1': { step: 'Intermediate inspection failed', stage: 'CONSTRUCTION' },
  'inspection.acceptance.requested.v1': { step: 'Completion acceptance requested', stage: 'COMPLETION_ACCEPTANCE' },
  'inspection.acceptance.countersigned.v1': { step: 'Completion acceptance countersigned', stage: 'COMPLETION_ACCEPTANCE' },
  'inspection.acceptance.passed.v1': { step: 'Completion acceptance passed', stage: 'COMPLETION_ACCEPTANCE' },
  'inspection.acceptance.failed.v1': { step: 'Completion acceptance failed', stage: 'COMPLETION_ACCEPTANCE' },
  'inspection.case.cancelled.v1': { step: 'Inspection work cancelled', stage: 'WITHDRAWN' },
  'contracts.contract.drafted.v1': { step: 'Supply-use contract drafted', stage: 'CONTRACT_AND_FEES' },
  'contracts.contract.signed.v1': { step: 'Supply-use contract signed', stage: 'CONTRACT_AND_FEES' },
  'contracts.fees.invoiced.v1': { step: 'Fees invoiced', stage: 'CONTRACT_AND_FEES' },
  'contracts.fees.settled.v1': { step: 'Fees settled', stage: 'CONTRACT_AND_FEES' },
  'contracts.payment.received.v1': { step: 'Payment received', stage: 'CONTRACT_AND_FEES' },
  'contracts.case.cancelled.v1': { step: 'Contract and fees work cancelled', stage: 'WITHDRAWN' },
  'metering.meter.assigned.v1': { step: 'Meter assigned', stage: 'METER_INSTALLATION' },
  'metering.meter.installed.v1': { step: 'Meter installed', stage: 'METER_INSTALLATION' },
  'metering.gate.opened.v1': { step: 'Energization gate opened', stage: 'ENERGIZATION' },
  'metering.case.energized.v1': { step: 'Power switched on', stage: 'ENERGIZATION' },
  'metering.case.archived.v1': { step: 'Case archived', stage: 'ARCHIVED' },
  'metering.case.cancelled.v1': { step: 'Metering work cancelled', stage: 'WITHDRAWN' },
};

/**
 * Pairs a producer announces in one transaction in this order, where the catalog lists them the
 * other way round: `[earlier, later]`. Events of one instant are otherwise in catalog order.
 */
export const SAME_INSTANT_BEFORE: readonly (readonly [EventType, EventType])[] = [
  ['contracts.payment.received.v1', 'contracts.fees.settled.v1'],
];

/** The stage of a time-limit event's `stage` field. */
export const CLOCK_STAGE_TO_CASE_STAGE: Record<string, CaseStage> = {
  SUPPLY_SCHEME: 'SUPPLY_SCHEME',
  DESIGN_REVIEW: 'DESIGN_REVIEW',
  INTERMEDIATE_INSPECTION: 'CONSTRUCTION',
  COMPLETION_ACCEPTANCE: 'COMPLETION_ACCEPTANCE',
  ENERGIZATION: 'ENERGIZATION',
  ACCEPTANCE: 'APPLICATION',
  CONTRACT_DRAFTING: 'CONTRACT_AND_FEES',
  INVOICING: 'CONTRACT_AND_FEES',
  METER_INSTALLATION: 'METER_INSTALLATION',
};

/** A condition on an event's payload, e.g. `{ party: 'CUSTOMER' }`. */
export type PayloadMatch = Record<string, string | number | boolean>;

export interface EventMatch {
  type: EventType;
  where?: PayloadMatch;
}

/**
 * A stretch of time the case waits on the customer. It opens with `opens` and closes with any of
 * `closes` carrying the same `key` (a payload field, e.g. the invoice id); withdrawal and archive
 * close every wait. `customerTime: false` lists it as outstanding without counting it as customer
 * time (nothing in the catalog says when the customer finished, so the utility's re-check would be
 * counted too).
 */
/** What a case can wait on the customer for. */
export const OUTSTANDING_KINDS = [
  'RETURN_NOTICE',
  'SCHEME_CONFIRMATION',
  'DESIGN_REVISION',
  'CONSTRUCTION_RECTIFICATION',
  'ACCEPTANCE_RECTIFICATION',
  'CONTRACT_SIGNATURE',
  'FEE_PAYMENT',
] as const;
export type OutstandingKind = (typeof OUTSTANDING_KINDS)[number];

export interface CustomerWait {
  kind: OutstandingKind;
  description: string;
  /** Payload field whose values are listed with the outstanding item (strings, or objects rendered by `itemFields`). */
  itemsFrom?: string;
  itemFields?: readonly string[];
  opens: EventMatch;
  closes: readonly EventMatch[];
  key?: string;
  customerTime: boolean;
}

export const CUSTOMER_WAITS: readonly CustomerWait[] = [
  {
    kind: 'RETURN_NOTICE',
    description: 'Supply every item of the one notice and resubmit the application',
    itemsFrom: 'items',
    itemFields: ['item', 'reason'],
    opens: { type: 'intake.application.returned.v1' },
    closes: [{ type: 'intake.application.resubmitted.v1' }, { type: 'intake.application.accepted.v1' }],
    customerTime: true,
  },
  {
    kind: 'SCHEME_CONFIRMATION',
    description: 'Confirm the supply scheme (or ask for a change)',
    opens: { type: 'planning.scheme.replied.v1' },
    closes: [{ type: 'planning.scheme.confirmed.v1' }, { type: 'planning.scheme.drafted.v1' }],
    customerTime: true,
  },
  {
    kind: 'DESIGN_REVISION',
    description: 'Revise the design as the review asks and submit it again',
    itemsFrom: 'comments',
    opens: { type: 'inspection.design.returned.v1' },
    closes: [{ type: 'inspection.design.submitted.v1' }, { type: 'inspection.design.approved.v1' }],
    customerTime: true,
  },
  {
    kind: 'CONSTRUCTION_RECTIFICATION',
    description: 'Rectify the construction before the next intermediate inspection',
    itemsFrom: 'items',
    opens: { type: 'inspection.intermediate.failed.v1' },
    closes: [{ type: 'inspection.intermediate.passed.v1' }],
    customerTime: false,
  },
  {
    kind: 'ACCEPTANCE_RECTIFICATION',
    description: 'Rectify every item the departments listed and request acceptance again',
    itemsFrom: 'items',
    itemFields: ['department', 'item'],
    opens: { type: 'inspection.acceptance.failed.v1' },
    closes: [{ type: 'inspection.acceptance.requested.v1' }, { type: 'inspection.acceptance.passed.v1' }],
    customerTime: true,
  },
  {
    kind: 'CONTRACT_SIGNATURE',
    description: 'Sign the supply-use contract',
    opens: { type: 'contracts.contract.drafted.v1' },
    closes: [
      { type: 'contracts.contract.signed.v1', where: { party: 'CUSTOMER' } },
      { type: 'contracts.contract.signed.v1', where: { fullySigned: true } },
    ],
    customerTime: true,
  },
  {
    kind: 'FEE_PAYMENT',
    description: 'Pay the connection fees',
    opens: { type: 'contracts.fees.invoiced.v1' },
    closes: [{ type: 'contracts.fees.settled.v1' }],
    key: 'invoiceId',
    customerTime: true,
  },
];

/** Facts that end every wait: nothing is outstanding from a withdrawn or archived case. */
export const ENDS_EVERY_WAIT: readonly EventType[] = ['intake.application.withdrawn.v1', 'metering.case.archived.v1'];

/** Roles on the customer's side: their actions wait on the customer, not the utility. */
export const CUSTOMER_SIDE_ROLES: readonly Role[] = ['customer', 'agent'];

/** What each open action asks, in words front ends show as they are. */
export const ACTION_TEXT: Record<CaseActionCode, string> = {
  REVIEW_APPLICATION: 'Check the application for completeness: accept it, or return it with one notice',
  RESUBMIT_APPLICATION: 'Supply every item of the one notice and resubmit the application',
  SCHEDULE_SURVEY: 'Appoint the site survey',
  RECORD_SURVEY: 'Survey the site and record what was found',
  SURVEY_AND_DRAFT_SCHEME: 'Survey the site and draft the supply scheme from the standard template',
  DRAFT_SCHEME: 'Draft the supply scheme',
  APPROVE_SCHEME: 'Approve the supply scheme, or reject it for rework',
  REPLY_SCHEME: 'Send the approved supply scheme to the customer',
  CONFIRM_SCHEME: 'Confirm the supply scheme (or ask for a change)',
  SUBMIT_DESIGN: 'Submit the design drawings for review',
  REVIEW_DESIGN: 'Review the design drawings',
  START_CONSTRUCTION: 'Build with a qualified construction unit of your choice and record the start of construction',
  REQUEST_INTERMEDIATE_INSPECTION: 'Request the intermediate inspection of the concealed works (after rectifying any failed items)',
  INSPECT_INTERMEDIATE: 'Carry out the intermediate inspection and record the result',
  REQUEST_COMPLETION_ACCEPTANCE: 'Finish construction (rectifying any failed items), then request completion acceptance',
  COUNTERSIGN_ACCEPTANCE: 'Countersign the completion acceptance',
  DRAFT_CONTRACT: 'Draft the supply-use contract and invoice the fees',
  SIGN_CONTRACT: 'Sign the supply-use contract',
  SIGN_CONTRACT_FOR_UTILITY: 'Sign the supply-use contract for the utility',
  PAY_FEES: 'Pay the connection fees',
  COMPLETE_EXTERNAL_WORKS: "Obtain the permits and complete the utility's external works, then record their completion",
  INSTALL_METER: 'Assign, install and record the meter',
  ENERGIZE: 'Energize the supply: every gate condition holds',
  ARCHIVE: 'Archive the case',
};

/** The open actions each stage clock measures: a running clock of the stage gives them its deadline. */
export const CLOCK_STAGE_ACTIONS: Record<string, readonly CaseActionCode[]> = {
  SUPPLY_SCHEME: ['SCHEDULE_SURVEY', 'RECORD_SURVEY', 'SURVEY_AND_DRAFT_SCHEME', 'DRAFT_SCHEME', 'APPROVE_SCHEME', 'REPLY_SCHEME'],
  DESIGN_REVIEW: ['REVIEW_DESIGN'],
  INTERMEDIATE_INSPECTION: ['INSPECT_INTERMEDIATE'],
  COMPLETION_ACCEPTANCE: ['COUNTERSIGN_ACCEPTANCE'],
  ENERGIZATION: ['ENERGIZE'],
  EXTERNAL_WORKS: ['COMPLETE_EXTERNAL_WORKS'],
  ACCEPTANCE: ['REVIEW_APPLICATION'],
  CONTRACT_DRAFTING: ['DRAFT_CONTRACT'],
  METER_INSTALLATION: ['INSTALL_METER'],
};
