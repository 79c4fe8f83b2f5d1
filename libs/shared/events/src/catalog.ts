import { z } from 'zod';
import { caseActionCode } from './case-action';
import {
  auditAnchoredPayload,
  casePayload,
  isoTime,
  processVariantName,
  timeLimitPausePayload,
  timeLimitPayload,
  timeLimitPayloadV2,
} from './payload';

const cancelled = casePayload.extend({ reason: z.string().min(1) });
/** `<service>.case.cancelled.v1`: published once per withdrawn case, naming the open work it closed (empty when none was open). */
const serviceCancelled = cancelled.extend({ cancelledWork: z.array(z.string().min(1)).optional() });
const money = z.string().regex(/^\d+(\.\d{1,2})?$/, 'a non-negative amount in yuan with at most two decimals');
const scheme = {
  schemeId: z.uuid(),
  version: z.number().int().positive(),
};
const schemeTerms = {
  voltageLevel: z.string().min(1),
  capacityKva: z.number().positive(),
  supplySources: z.number().int().min(1).max(2),
  meteringMethod: z.string().min(1),
  tariffCategory: z.string().min(1),
};
/** Whether the scheme needs the utility's works outside the customer's site; absent on schemes drafted before it was asked. */
const externalWorksRequired = z.boolean().optional();
const externalWorks = { worksOrderId: z.uuid() };
/** The process the case walks from this event on; absent on events from before variants were walked (the pre-reform process). */
const processVariant = processVariantName.optional();
/**
 * Under 三零 (and after leaving it), the scheme version whose voltage, capacity and supply sources the
 * case's contract must carry before the supply may go on; 0 while they are still the application's.
 * Absent on cases that never walked 三零.
 */
const contractTermsVersion = z.number().int().min(0).optional();
const timeLimitEvents = <S extends string>(service: S) =>
  ({
    [`${service}.timelimit.started.v1`]: timeLimitPayload,
    [`${service}.timelimit.warned.v1`]: timeLimitPayload,
    [`${service}.timelimit.breached.v1`]: timeLimitPayload,
    [`${service}.timelimit.stopped.v1`]: timeLimitPayload,
    [`${service}.timelimit.started.v2`]: timeLimitPayloadV2,
    [`${service}.timelimit.warned.v2`]: timeLimitPayloadV2,
    [`${service}.timelimit.breached.v2`]: timeLimitPayloadV2,
    [`${service}.timelimit.stopped.v2`]: timeLimitPayloadV2,
  }) as Record<`${S}.timelimit.${'started' | 'warned' | 'breached' | 'stopped'}.v1`, typeof timeLimitPayload> &
    Record<`${S}.timelimit.${'started' | 'warned' | 'breached' | 'stopped'}.v2`, typeof timeLimitPayloadV2>;
/** `<service>.audit.anchored.v1`: the heads of the service's audit chains it anchored in its witness (decision 0016). */
const auditAnchoredEvent = <S extends string>(service: S) =>
  ({ [`${service}.audit.anchored.v1`]: auditAnchoredPayload }) as Record<`${S}.audit.anchored.v1`, typeof auditAnchoredPayload>;

/**
 * The public event contract (ARCHITECTURE.md, "The event catalog"). The type is also
 * the AMQP routing key. A breaking change is a new `.v2` entry published side by side;
 * adding an optional field is not breaking.
 */
export const EVENT_CATALOG = {
  'intake.application.submitted.v1': casePayload.extend({
    businessType: z.string().min(1),
    capacityKva: z.number().positive(),
    voltageLevel: z.string().min(1),
    regionCode: z.string().min(1),
  }),
  'intake.application.returned.v1': casePayload.extend({
    items: z.array(z.object({ item: z.string().min(1), reason: z.string().min(1) })).min(1),
    comment: z.string().optional(),
  }),
  'intake.application.resubmitted.v1': casePayload,
  'intake.application.accepted.v1': casePayload.extend({
    businessType: z.string().min(1),
    capacityKva: z.number().positive(),
    voltageLevel: z.string().min(1),
    supplySources: z.number().int().min(1).max(2),
    regionCode: z.string().min(1),
    acceptedAt: isoTime,
    processVariant,
  }),
  'intake.application.withdrawn.v1': cancelled,
  /**
   * The case's facts every copy keeps (region, business type), republished once for copies
   * opened before events carried them; applying it twice changes nothing.
   */
  'intake.case.facts.v1': casePayload.extend({
    regionCode: z.string().min(1),
    businessType: z.string().min(1),
    /**
     * The work open on the case when the facts were published, with when each opened and falls due:
     * a subscriber that starts late (e.g. notifications) learns the cases in flight from it. Absent on
     * facts published before it was added.
     */
    openActions: z.array(z.object({ code: caseActionCode, since: isoTime, due: isoTime.optional() })).optional(),
  }),
  'intake.ticket.opened.v1': casePayload.extend({ ticketId: z.uuid(), kind: z.string().min(1) }),
  /**
   * A ticket missed a limit and went to the supervisors: once per ticket and limit. `limit` says
   * which (absent on events from before resolution limits: the response limit).
   */
  'intake.ticket.escalated.v1': casePayload.extend({
    ticketId: z.uuid(),
    kind: z.string().min(1),
    limit: z.enum(['RESPONSE', 'RESOLUTION']).optional(),
    dueAt: isoTime.optional(),
  }),
  /** The owning team answered a ticket; the response text stays in intake. */
  'intake.ticket.responded.v1': casePayload.extend({
    ticketId: z.uuid(),
    kind: z.string().min(1),
    respondedAt: isoTime,
    respondBy: isoTime,
    withinLimit: z.boolean(),
    resolutionDueAt: isoTime.optional(),
  }),
  'intake.ticket.resolved.v1': casePayload.extend({ ticketId: z.uuid(), kind: z.string().min(1) }),
  /** The customer rated a resolved ticket, closing it; the comment stays in intake. */
  'intake.ticket.rated.v1': casePayload.extend({
    ticketId: z.uuid(),
    kind: z.string().min(1),
    satisfaction: z.number().int().min(1).max(5),
    closedAt: isoTime,
  }),
  ...timeLimitEvents('intake'),
  /** The END_TO_END clock stopped counting: every open action waits on the customer (docs/DOMAIN.md, "The end-to-end clock"). */
  'intake.timelimit.paused.v2': timeLimitPausePayload,
  /** The END_TO_END clock counts again: a utility action is open again. */
  'intake.timelimit.resumed.v2': timeLimitPausePayload,
  /** The END_TO_END clock has a new limit and deadline: the case needs the utility's external works. */
  'intake.timelimit.relimited.v2': timeLimitPausePayload,
  ...auditAnchoredEvent('intake'),

  'planning.survey.scheduled.v1': casePayload.extend({ surveyorId: z.string().min(1), appointmentAt: isoTime }),
  'planning.survey.completed.v1': casePayload.extend({ completedAt: isoTime }),
  'planning.recommendation.issued.v1': casePayload.extend({
    recommendationId: z.uuid(),
    units: z.array(z.object({ unitId: z.uuid(), name: z.string().min(1), reason: z.string().min(1) })),
    fewerThanThree: z.boolean(),
  }),
  'planning.scheme.drafted.v1': casePayload.extend({ ...scheme, ...schemeTerms, externalWorksRequired }),
  'planning.scheme.approved.v1': casePayload.extend({ ...scheme, level: z.number().int().positive(), final: z.boolean() }),
  'planning.scheme.rejected.v1': casePayload.extend({ ...scheme, reason: z.string().min(1) }),
  'planning.scheme.replied.v1': casePayload.extend({ ...scheme, validUntil: isoTime.optional(), processVariant }),
  'planning.scheme.confirmed.v1': casePayload.extend({
    ...scheme,
    ...schemeTerms,
    supplyPoints: z.array(z.string().min(1)).min(1),
    propertyBoundary: z.string().min(1),
    /** The business type the application was accepted with (some fees depend on it). */
    businessType: z.string().min(1).optional(),
    externalWorksRequired,
    processVariant,
    contractTermsVersion,
  }),
  /** A confirmed scheme needs the utility's works outside the customer's site (配套工程): the works order is open. */
  'planning.externalworks.ordered.v1': casePayload.extend({
    ...externalWorks,
    schemeId: z.uuid(),
    schemeVersion: z.number().int().positive(),
    orderedAt: isoTime,
  }),
  /** A permit the external works need (road excavation, green space, traffic) was granted. */
  'planning.workspermit.granted.v1': casePayload.extend({
    ...externalWorks,
    permitId: z.uuid(),
    kind: z.string().min(1),
    authority: z.string().min(1),
    reference: z.string().min(1),
    grantedAt: isoTime,
  }),
  /** The utility's external works are complete: a gate condition of energization when the scheme needed them. */
  'planning.externalworks.completed.v1': casePayload.extend({ ...externalWorks, completedAt: isoTime }),
  'planning.constructionunit.chosen.v1': casePayload.extend({
    unitId: z.uuid().optional(),
    unitName: z.string().min(1),
    fromRecommendation: z.boolean(),
  }),
  'planning.case.cancelled.v1': serviceCancelled,
  ...timeLimitEvents('planning'),
  ...auditAnchoredEvent('planning'),

  'inspection.design.submitted.v1': casePayload.extend({ round: z.number().int().positive() }),
  'inspection.design.approved.v1': casePayload.extend({ round: z.number().int().positive() }),
  'inspection.design.returned.v1': casePayload.extend({
    round: z.number().int().positive(),
    comments: z.array(z.string().min(1)).min(1),
  }),
  /** The customer's construction unit started work (施工), as recorded by the customer or an inspector. */
  'inspection.construction.started.v1': casePayload.extend({
    startedOn: z.iso.date(),
    unitName: z.string().min(1),
    /** The registry id when the unit is the one the customer chose; absent for another qualified unit. */
    unitId: z.uuid().optional(),
  }),
  /** The customer asked for an intermediate inspection (a re-inspection after a failure covers the open items, `scope`). */
  'inspection.intermediate.requested.v1': casePayload.extend({
    round: z.number().int().positive(),
    scope: z.array(z.string().min(1)),
  }),
  'inspection.intermediate.passed.v1': casePayload.extend({ round: z.number().int().positive() }),
  'inspection.intermediate.failed.v1': casePayload.extend({
    round: z.number().int().positive(),
    items: z.array(z.string().min(1)).min(1),
  }),
  'inspection.acceptance.requested.v1': casePayload.extend({ round: z.number().int().positive() }),
  'inspection.acceptance.countersigned.v1': casePayload.extend({
    round: z.number().int().positive(),
    department: z.string().min(1),
    result: z.enum(['PASS', 'FAIL']),
    items: z.array(z.string().min(1)),
  }),
  'inspection.acceptance.passed.v1': casePayload.extend({ round: z.number().int().positive() }),
  'inspection.acceptance.failed.v1': casePayload.extend({
    round: z.number().int().positive(),
    items: z.array(z.object({ department: z.string().min(1), item: z.string().min(1) })).min(1),
  }),
  'inspection.case.cancelled.v1': serviceCancelled,
  ...timeLimitEvents('inspection'),
  ...auditAnchoredEvent('inspection'),

  'contracts.contract.drafted.v1': casePayload.extend({
    contractId: z.uuid(),
    version: z.number().int().positive(),
    /** The scheme version whose terms this contract version carries (0: the application's, drafted at acceptance under 三零). */
    termsVersion: contractTermsVersion,
  }),
  'contracts.contract.signed.v1': casePayload.extend({
    contractId: z.uuid(),
    version: z.number().int().positive(),
    party: z.enum(['CUSTOMER', 'UTILITY']),
    fullySigned: z.boolean(),
    /** As on `contracts.contract.drafted.v1`: the scheme version whose terms the signed version carries. */
    termsVersion: contractTermsVersion,
  }),
  'contracts.fees.invoiced.v1': casePayload.extend({ invoiceId: z.uuid(), total: money }),
  'contracts.fees.settled.v1': casePayload.extend({ invoiceId: z.uuid(), total: money }),
  'contracts.payment.received.v1': casePayload.extend({ invoiceId: z.uuid(), paymentId: z.uuid(), amount: money }),
  'contracts.case.cancelled.v1': serviceCancelled.extend({ refundDue: money }),
  ...timeLimitEvents('contracts'),
  ...auditAnchoredEvent('contracts'),

  'metering.meter.assigned.v1': casePayload.extend({ meterId: z.uuid(), meterNumber: z.string().min(1) }),
  'metering.meter.installed.v1': casePayload.extend({ meterId: z.uuid(), installedAt: isoTime }),
  'metering.gate.opened.v1': casePayload.extend({ conditions: z.array(z.string().min(1)).min(1) }),
  'metering.case.energized.v1': casePayload.extend({ energizedAt: isoTime }),
  'metering.case.archived.v1': casePayload.extend({ archivedAt: isoTime }),
  'metering.case.cancelled.v1': serviceCancelled,
  ...timeLimitEvents('metering'),
  ...auditAnchoredEvent('metering'),
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** The anchor events: about a service's audit chains, not about one case (their subject is the anchor's id). */
export type AuditAnchoredEventType = Extract<EventType, `${string}.audit.anchored.v1`>;
export function isAuditAnchoredType(type: string): type is AuditAnchoredEventType {
  return type.endsWith('.audit.anchored.v1');
}

/** The types whose payload is about one case (`caseId`, the envelope's subject): every type but the anchors. */
export type CaseEventType = Exclude<EventType, AuditAnchoredEventType>;
export const CASE_EVENT_TYPES = EVENT_TYPES.filter((type) => !isAuditAnchoredType(type)) as CaseEventType[];
export function isCaseEventType(type: string): type is CaseEventType {
  return isEventType(type) && !isAuditAnchoredType(type);
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}
