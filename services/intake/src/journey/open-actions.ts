import {
  CaseActionCode,
  CASE_ACTION_CODES,
  CustomerCategory,
  EventType,
  NextAction,
  PROCESS_VARIANT_NAMES,
  ProcessVariantName,
  Role,
} from '@yekuo/events';
import {
  carriesRequiredTerms,
  DEFAULT_ORG,
  GateCondition,
  hasVariant,
  OrgData,
  ProcessVariant,
  teamFor,
  variantOf,
  walksStage,
} from '@yekuo/policy';
import type { JourneyEvent } from './journey';
import { ACTION_TEXT, CLOCK_STAGE_ACTIONS, CUSTOMER_SIDE_ROLES, VARIANT_EVENTS } from './journey-policy';

/** The stage clock an open action runs against. */
export interface ActionClock {
  stage: string;
  deadline: Date;
  provisional: boolean;
}

/** One thing that can be done on the case now: who, which team, what, since when, by when. */
export interface CaseAction {
  code: CaseActionCode;
  role: Role;
  team: string | null;
  description: string;
  /** When the action became possible (the time of the event that opened it). */
  since: Date;
  /** When it is due, when known: the deadline of its running clock, or the validity of a scheme reply. */
  due: Date | null;
  clock: ActionClock | null;
}

/** What the derivation needs besides the events: where the case is (its teams are the region's). */
export interface ActionContext {
  regionCode?: string | null;
  org?: OrgData;
}

/** The team of `role` in the region, else the only team of the role in the organisation. */
function teamOf(role: Role, regionCode: string | null | undefined, org: OrgData): string | null {
  const regional = regionCode ? teamFor(role, regionCode, org) : undefined;
  if (regional) return regional.id;
  const teams = org.teams.filter((t) => t.roles.includes(role));
  return teams.length === 1 ? teams[0].id : null;
}

/** The facts of one case in event order: the latest of each type, and lookups over them. */
class CaseFacts {
  private readonly latest = new Map<string, { event: JourneyEvent; index: number }>();

  constructor(readonly events: readonly JourneyEvent[]) {
    events.forEach((event, index) => this.latest.set(event.type, { event, index }));
  }

  has(...types: EventType[]): boolean {
    return types.some((type) => this.latest.has(type));
  }

  /** The latest event among `types`, if any happened. */
  last(...types: EventType[]): JourneyEvent | undefined {
    let found: { event: JourneyEvent; index: number } | undefined;
    for (const type of types) {
      const entry = this.latest.get(type);
      if (entry && (!found || entry.index > found.index)) found = entry;
    }
    return found?.event;
  }

  all(type: EventType): JourneyEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}

/**
 * The latest acceptance, scheme reply or confirmation (in event order) that names the variant the
 * case walks from it on; undefined when none does: a case accepted before variants were walked.
 */
export function variantNaming(sorted: readonly JourneyEvent[]): { event: JourneyEvent; name: ProcessVariantName } | undefined {
  for (const event of [...sorted].reverse()) {
    const name = PROCESS_VARIANT_NAMES.find((known) => known === event.data.processVariant);
    if (name && VARIANT_EVENTS.includes(event.type as EventType)) return { event, name };
  }
  return undefined;
}

/**
 * The walk of the case now: the variant its latest acceptance, reply or confirmation names, the
 * pre-reform walk when none names one. A name with no walk for the case's category (one the
 * category was changed away from) is read as the pre-reform walk rather than failing the journey.
 */
export function currentVariant(category: CustomerCategory, sorted: readonly JourneyEvent[]): ProcessVariant {
  const name = variantNaming(sorted)?.name;
  return variantOf(category, name && hasVariant(category, name) ? name : undefined);
}

/** Whether the case needs the utility's external works: its confirmed scheme says so, or a works order was opened. */
function needsExternalWorks(facts: CaseFacts): boolean {
  return facts.last('planning.scheme.confirmed.v1')?.data.externalWorksRequired === true || facts.has('planning.externalworks.ordered.v1');
}

/**
 * Whether a contract event's version carries the terms the contract must: those of the scheme
 * version the latest confirmation names (`contractTermsVersion`, on cases that walk or walked
 * 三零), or any terms when it names none.
 */
function carriesTerms(contract: JourneyEvent, facts: CaseFacts): boolean {
  const required = facts.last('planning.scheme.confirmed.v1')?.data.contractTermsVersion;
  const carried = contract.data.termsVersion;
  return carriesRequiredTerms(typeof carried === 'number' ? carried : null, typeof required === 'number' ? required : null);
}

function signedOnTerms(facts: CaseFacts): boolean {
  return facts.all('contracts.contract.signed.v1').some((e) => e.data.fullySigned === true && carriesTerms(e, facts));
}

/**
 * Whether both parties signed the contract on the terms it must carry: a scheme confirmed with other
 * voltage, capacity or sources than the signed version carries (三零) needs the re-drafted version signed.
 */
export function contractSigned(sorted: readonly JourneyEvent[]): boolean {
  return signedOnTerms(new CaseFacts(sorted));
}

/** The gate conditions of the case: its current variant's, with the external works when its scheme needs them. */
export function gateConditionsOf(category: CustomerCategory, events: readonly JourneyEvent[]): GateCondition[] {
  const variant = currentVariant(category, events).gateConditions;
  return needsExternalWorks(new CaseFacts(events)) && !variant.includes('EXTERNAL_WORKS_COMPLETED')
    ? [...variant, 'EXTERNAL_WORKS_COMPLETED']
    : [...variant];
}

/** The gate conditions of the case that its recorded events show to hold. */
export function gateConditionsHeld(category: CustomerCategory, events: readonly JourneyEvent[]): GateCondition[] {
  const facts = new CaseFacts(events);
  const invoices = new Set(facts.all('contracts.fees.invoiced.v1').map((e) => String(e.data.invoiceId)));
  const settled = new Set(facts.all('contracts.fees.settled.v1').map((e) => String(e.data.invoiceId)));
  const holds: Record<GateCondition, boolean> = {
    CONTRACT_SIGNED: signedOnTerms(facts),
    FEES_SETTLED: settled.size > 0 && [...invoices].every((id) => settled.has(id)),
    METER_INSTALLED: facts.has('metering.meter.installed.v1'),
    COMPLETION_ACCEPTED: facts.has('inspection.acceptance.passed.v1'),
    EXTERNAL_WORKS_COMPLETED: facts.has('planning.externalworks.completed.v1'),
  };
  return gateConditionsOf(category, events).filter((condition) => holds[condition]);
}

/**
 * Every action that can happen on the case now, in parallel, derived from the facts its events
 * establish (never from one event's `nextAction` alone), as the variant the case walks now has
 * them. Later facts imply earlier ones, so a case recorded before an event existed (construction
 * start, intermediate request) still shows where it stands: an intermediate inspection passed or
 * failed, or its clock running, means construction started and the inspection was requested.
 * Energizing is open only while metering announced the gate open and every gate condition of the
 * variant holds by the journey's own facts. Returned most urgent first (`byUrgency`).
 */
export function deriveOpenActions(category: CustomerCategory, sorted: readonly JourneyEvent[], context: ActionContext = {}): CaseAction[] {
  const facts = new CaseFacts(sorted);
  if (facts.has('intake.application.withdrawn.v1', 'metering.case.archived.v1')) return [];
  const variant = currentVariant(category, sorted);
  const org = context.org ?? DEFAULT_ORG;
  const regionCode = context.regionCode ?? [...sorted].reverse().find((e) => typeof e.data.regionCode === 'string')?.data.regionCode;
  const region = typeof regionCode === 'string' ? regionCode : null;
  const fallbackSince = sorted[sorted.length - 1]?.time ?? new Date(0);
  const open: CaseAction[] = [];
  const add = (code: CaseActionCode, role: Role, from: JourneyEvent | undefined, due: Date | null = null) => {
    const named = from?.nextAction && from.nextAction.role === role ? from.nextAction.team : undefined;
    open.push({
      code,
      role,
      team: CUSTOMER_SIDE_ROLES.includes(role) ? null : (named ?? teamOf(role, region, org)),
      description: ACTION_TEXT[code],
      since: from?.time ?? fallbackSince,
      due,
      clock: null,
    });
  };

  // Powered on: every earlier step is done, whatever else was missed; only the archive is left.
  const energized = facts.last('metering.case.energized.v1');
  if (energized) {
    add('ARCHIVE', 'metering-technician', energized);
    return open;
  }

  // Application at the front desk.
  const accepted = facts.has('intake.application.accepted.v1');
  if (!accepted) {
    const last = facts.last('intake.application.submitted.v1', 'intake.application.returned.v1', 'intake.application.resubmitted.v1');
    if (last?.type === 'intake.application.returned.v1') add('RESUBMIT_APPLICATION', 'customer', last);
    else if (last) add('REVIEW_APPLICATION', 'intake-clerk', last);
  }

  // Survey and scheme, until the customer confirms.
  const confirmed = facts.has('planning.scheme.confirmed.v1');
  const schemeEvents: EventType[] = [
    'planning.scheme.drafted.v1',
    'planning.scheme.approved.v1',
    'planning.scheme.rejected.v1',
    'planning.scheme.replied.v1',
    'planning.scheme.confirmed.v1',
  ];
  const lastScheme = facts.last(...schemeEvents);
  if (accepted && lastScheme?.type !== 'planning.scheme.confirmed.v1') {
    const acceptance = facts.last('intake.application.accepted.v1');
    const surveyed = facts.has('planning.survey.completed.v1');
    if (!lastScheme) {
      if (variant.surveyWithScheme && !facts.has('planning.survey.scheduled.v1')) {
        add('SURVEY_AND_DRAFT_SCHEME', 'surveyor', acceptance);
      } else if (surveyed) {
        add('DRAFT_SCHEME', 'planner', facts.last('planning.survey.completed.v1'));
      } else if (facts.has('planning.survey.scheduled.v1')) {
        add('RECORD_SURVEY', 'surveyor', facts.last('planning.survey.scheduled.v1'));
      } else {
        add('SCHEDULE_SURVEY', 'surveyor', acceptance);
      }
    } else if (lastScheme.type === 'planning.scheme.rejected.v1') {
      add('DRAFT_SCHEME', 'planner', lastScheme);
    } else if (lastScheme.type === 'planning.scheme.drafted.v1') {
      add('APPROVE_SCHEME', 'approver', lastScheme);
    } else if (lastScheme.type === 'planning.scheme.approved.v1') {
      // Under 三零 planning replies and confirms a qualifying scheme in the approval's own transaction;
      // one that no longer qualifies the planner replies as before, so the reply stays open until it is sent.
      if (lastScheme.data.final === false) add('APPROVE_SCHEME', 'approver', lastScheme);
      else add('REPLY_SCHEME', 'planner', lastScheme);
    } else if (lastScheme.type === 'planning.scheme.replied.v1' && variant.customerConfirmsScheme) {
      const validUntil = typeof lastScheme.data.validUntil === 'string' ? new Date(lastScheme.data.validUntil) : null;
      add('CONFIRM_SCHEME', 'customer', lastScheme, validUntil);
    }
  }

  if (confirmed) {
    const confirmation = facts.last('planning.scheme.confirmed.v1');
    // Design review, construction, intermediate inspection and completion acceptance, as the variant walks them.
    const acceptanceEvents: EventType[] = [
      'inspection.acceptance.requested.v1',
      'inspection.acceptance.countersigned.v1',
      'inspection.acceptance.passed.v1',
      'inspection.acceptance.failed.v1',
    ];
    const intermediateEvents: EventType[] = [
      'inspection.intermediate.requested.v1',
      'inspection.intermediate.passed.v1',
      'inspection.intermediate.failed.v1',
    ];
    // Each intermediate request starts its own clock: the latest one shows a request even from before the request event existed.
    const intermediateClock = facts
      .all('inspection.timelimit.started.v1')
      .filter((clock) => clock.data.stage === 'INTERMEDIATE_INSPECTION')
      .pop();
    const designWalked = walksStage(category, 'DESIGN_REVIEW', variant.name);
    const intermediateWalked = walksStage(category, 'INTERMEDIATE_INSPECTION', variant.name);
    const acceptanceWalked = walksStage(category, 'COMPLETION_ACCEPTANCE', variant.name);
    const intermediatePassed = facts.has('inspection.intermediate.passed.v1', ...acceptanceEvents);
    const constructionStarted =
      facts.has('inspection.construction.started.v1', ...intermediateEvents, ...acceptanceEvents) || intermediateClock !== undefined;
    const designApproved = facts.has('inspection.design.approved.v1') || constructionStarted;

    if (designWalked && !designApproved) {
      const last = facts.last('inspection.design.submitted.v1', 'inspection.design.returned.v1');
      if (last?.type === 'inspection.design.submitted.v1') add('REVIEW_DESIGN', 'inspector', last);
      else add('SUBMIT_DESIGN', 'customer', last ?? confirmation);
    }
    if ((intermediateWalked || acceptanceWalked) && !constructionStarted && (!designWalked || designApproved)) {
      add('START_CONSTRUCTION', 'customer', facts.last('inspection.design.approved.v1') ?? confirmation);
    }
    if (intermediateWalked && constructionStarted && !intermediatePassed) {
      const last = facts.last(...intermediateEvents);
      const requestedSince = intermediateClock && (!last || intermediateClock.time > last.time) ? intermediateClock : undefined;
      if (last?.type === 'inspection.intermediate.requested.v1' || requestedSince) {
        add('INSPECT_INTERMEDIATE', 'inspector', requestedSince ?? last);
      } else {
        add('REQUEST_INTERMEDIATE_INSPECTION', 'customer', last ?? facts.last('inspection.construction.started.v1'));
      }
    }
    const readyForAcceptance = intermediateWalked ? intermediatePassed : constructionStarted;
    if (acceptanceWalked && readyForAcceptance && !facts.has('inspection.acceptance.passed.v1')) {
      const last = facts.last('inspection.acceptance.requested.v1', 'inspection.acceptance.failed.v1');
      if (last?.type === 'inspection.acceptance.requested.v1') {
        add(
          'COUNTERSIGN_ACCEPTANCE',
          'department-signer',
          facts.last('inspection.acceptance.requested.v1', 'inspection.acceptance.countersigned.v1'),
        );
      } else {
        add(
          'REQUEST_COMPLETION_ACCEPTANCE',
          'customer',
          last ?? facts.last('inspection.intermediate.passed.v1', 'inspection.construction.started.v1'),
        );
      }
    }

    // The utility's own works outside the site, when the scheme needs them.
    if (needsExternalWorks(facts) && !facts.has('planning.externalworks.completed.v1')) {
      add('COMPLETE_EXTERNAL_WORKS', 'planner', facts.last('planning.externalworks.ordered.v1') ?? confirmation);
    }

    // Metering opens its case at confirmation: the meter can be installed from then on.
    if (!facts.has('metering.meter.installed.v1')) {
      add('INSTALL_METER', 'metering-technician', facts.last('metering.meter.assigned.v1') ?? confirmation);
    }
  }

  // The supply-use contract, from its own facts whenever contracts drafted it (under 三零 at acceptance): signed by both
  // parties, either first, on its latest version. A version without the terms the latest confirmation names is drafted again.
  if (!signedOnTerms(facts)) {
    const draft = facts.last('contracts.contract.drafted.v1');
    if (draft && carriesTerms(draft, facts)) {
      const signedBy = (party: string) =>
        facts
          .all('contracts.contract.signed.v1')
          .some((e) => e.data.party === party && e.data.version === draft.data.version && e.data.contractId === draft.data.contractId);
      if (!signedBy('CUSTOMER')) add('SIGN_CONTRACT', 'customer', draft);
      if (!signedBy('UTILITY')) add('SIGN_CONTRACT_FOR_UTILITY', 'contract-officer', draft);
    } else if (confirmed) {
      add('DRAFT_CONTRACT', 'contract-officer', facts.last('planning.scheme.confirmed.v1'));
    }
  }

  // Fees: one action while any invoice is unsettled, open since the earliest of them (三零 invoices none).
  const settled = new Set(facts.all('contracts.fees.settled.v1').map((e) => String(e.data.invoiceId)));
  const unpaid = facts.all('contracts.fees.invoiced.v1').filter((e) => !settled.has(String(e.data.invoiceId)));
  if (unpaid.length > 0) add('PAY_FEES', 'customer', unpaid[0]);

  // The supply, once metering opened the gate and every gate condition of the variant holds by the journey's own facts.
  const gate = facts.last('metering.gate.opened.v1');
  const conditionsHold = gateConditionsHeld(category, sorted).length === gateConditionsOf(category, sorted).length;
  if (gate && conditionsHold) add('ENERGIZE', 'metering-technician', gate);

  return withClocks(open, sorted).sort(byUrgency);
}

/** Attaches the running stage clock each action runs against, its deadline as the action's due time. */
function withClocks(actions: CaseAction[], sorted: readonly JourneyEvent[]): CaseAction[] {
  const running = new Map<string, JourneyEvent>();
  for (const event of sorted) {
    const clockId = typeof event.data.clockId === 'string' ? event.data.clockId : '';
    // Any version of the time-limit events: stages added after v1 are announced as v2.
    if (/\.timelimit\.started\.v\d+$/.test(event.type)) running.set(clockId, event);
    if (/\.timelimit\.stopped\.v\d+$/.test(event.type)) running.delete(clockId);
  }
  const clocks = [...running.values()];
  return actions.map((action) => {
    const clock = clocks
      .filter((event) => CLOCK_STAGE_ACTIONS[String(event.data.stage)]?.includes(action.code))
      .sort((a, b) => Date.parse(String(a.data.deadline)) - Date.parse(String(b.data.deadline)))[0];
    if (!clock) return action;
    const deadline = new Date(String(clock.data.deadline));
    return {
      ...action,
      due: deadline,
      clock: { stage: String(clock.data.stage), deadline, provisional: clock.data.provisional === true },
    };
  });
}

const codeOrder = new Map<string, number>(CASE_ACTION_CODES.map((code, i) => [code, i]));

/**
 * Most urgent first: the earliest due (an action without a due time after every one with one);
 * on a tie the utility's actions before the customer's; then the one open longest; then the order
 * of the process (the order of the action codes).
 */
export function byUrgency(a: CaseAction, b: CaseAction): number {
  const due = (action: CaseAction) => action.due?.getTime() ?? Number.POSITIVE_INFINITY;
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  const side = (action: CaseAction) => (CUSTOMER_SIDE_ROLES.includes(action.role) ? 1 : 0);
  if (side(a) !== side(b)) return side(a) - side(b);
  if (a.since.getTime() !== b.since.getTime()) return a.since.getTime() - b.since.getTime();
  return (codeOrder.get(a.code) ?? 0) - (codeOrder.get(b.code) ?? 0);
}

/** The most urgent open action as the journey's `nextAction`. */
export function nextActionOf(actions: readonly CaseAction[]): NextAction | null {
  const [first] = actions;
  if (!first) return null;
  return { role: first.role, ...(first.team ? { team: first.team } : {}), description: first.description };
}
