import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ClockStageEnum, Connection, CustomerCategoryEnum, RoleEnum, ServiceNameEnum } from '@yekuo/platform';
import { StageClock } from '@yekuo/timelimits';
import { CaseActionCodeEnum } from '@yekuo/platform';
import { CaseStageEnum, JourneyLinkStatusEnum, OutstandingKindEnum } from '../enums';

@ObjectType({ description: 'Who did a step: a staff id, or the customer or agent id' })
export class JourneyActor {
  @Field({ description: 'Staff id, or the customer or agent id' })
  id: string;

  @Field(() => RoleEnum, { description: 'The role the step was done in' })
  role: string;
}

@ObjectType({ description: 'Who holds the case next and what they have to do' })
export class JourneyNextAction {
  @Field(() => RoleEnum, { description: 'Role that acts next (CUSTOMER when the case waits on the customer)' })
  role: string;

  @Field(() => String, { nullable: true, description: 'Team that acts next, when the stage named one' })
  team: string | null;

  @Field({ description: 'What has to be done next' })
  description: string;
}

@ObjectType({ description: 'The stage clock an open action runs against' })
export class CaseActionClock {
  @Field(() => ClockStageEnum, { description: 'Stage the clock measures' })
  stage: string;

  @Field({ description: 'Deadline of the step under the time-limit policy' })
  deadline: Date;

  @Field({ description: 'True when the deadline lies beyond the published holiday calendar and may still move' })
  provisional: boolean;
}

@ObjectType({
  description:
    'Something that can be done on the case now, derived from the facts every service announced: who, which team, what, since when and by when',
})
export class CaseAction {
  @Field(() => CaseActionCodeEnum, { description: 'What is to be done, as a stable code' })
  code: string;

  @Field(() => RoleEnum, { description: 'Role that acts (CUSTOMER when it waits on the customer)' })
  role: string;

  @Field(() => String, { nullable: true, description: "Team that acts: the team of the role for the case's region; null for the customer" })
  team: string | null;

  @Field({ description: 'What has to be done, in words' })
  description: string;

  @Field({ description: 'Since when the action is open (the time of the event that opened it)' })
  since: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When it is due, when known: the deadline of the stage clock it runs against, or the scheme reply's validity",
  })
  due: Date | null;

  @Field(() => CaseActionClock, { nullable: true, description: 'The running stage clock the action runs against; null when none' })
  clock: CaseActionClock | null;
}

@ObjectType({ description: 'One open action in a work list, with the case it is on' })
export class WorkItem {
  @Field({ description: 'Id of the case' })
  caseId: string;

  @Field({ description: 'Case number, e.g. YK-2026-000123' })
  caseNumber: string;

  @Field(() => CustomerCategoryEnum, { description: 'Customer category of the case' })
  category: string;

  @Field(() => String, { nullable: true, description: 'Region code of the supply site' })
  regionCode: string | null;

  @Field(() => CaseAction, { description: 'The open action' })
  action: CaseAction;
}

@ObjectType({ description: 'A page of open actions across cases, earliest due first (those without a due time last)' })
export class WorkItemConnection extends Connection(WorkItem, {
  name: 'WorkItem',
  edgeDescription: 'One open action in the list, with its cursor',
  edgesDescription: 'The open actions of this page',
}) {}

@ObjectType({ description: 'One step of the case, as the owning service announced it' })
export class JourneyStep {
  @Field(() => CaseStageEnum, { description: 'Stage the step belongs to' })
  stage: string;

  @Field({ description: 'Readable name of the step, e.g. "Supply scheme confirmed by the customer"' })
  step: string;

  @Field({ description: 'Event type the step was announced with, e.g. planning.scheme.confirmed.v1' })
  type: string;

  @Field(() => JourneyActor, { description: 'Who did the step' })
  actor: JourneyActor;

  @Field({ description: 'When the step happened (the time of its event)' })
  at: Date;

  @Field({ description: 'Id of the event, for tracing' })
  eventId: string;
}

@ObjectType({
  description: 'A link (环节) of the process the case walks, as the customer counts them: the stages it groups and where it stands',
})
export class JourneyLink {
  @Field({
    description: 'Stable id of the link in its process variant, e.g. APPLY_AND_SIGN; a stage name where every stage is a link of its own',
  })
  id: string;

  @Field({ description: 'Name of the link' })
  title: string;

  @Field(() => [CaseStageEnum], { description: 'The stages the link groups, in order' })
  stages: string[];

  @Field(() => JourneyLinkStatusEnum, {
    description: 'DONE when every stage of the link is complete; the first link not done is CURRENT, those after it PENDING',
  })
  status: string;
}

@ObjectType({ description: 'Something the case waits on the customer for' })
export class JourneyOutstandingItem {
  @Field(() => OutstandingKindEnum, {
    description: 'What the case waits on the customer for',
  })
  kind: string;

  @Field({ description: 'What the customer has to do' })
  description: string;

  @Field(() => [String], { description: 'The individual items, e.g. each item of the one notice or each rectification item' })
  items: string[];

  @Field({ description: 'Since when the case waits on it' })
  since: Date;
}

@ObjectType({ description: 'Business fees of the case as announced by contracts, in yuan' })
export class JourneyFees {
  @Field({ description: 'Total invoiced' })
  invoiced: string;

  @Field({ description: 'Total paid so far' })
  paid: string;

  @Field({ description: 'Still to pay (0.00 once settled)' })
  due: string;

  @Field({ description: 'Whether every invoice is settled' })
  settled: boolean;
}

@ObjectType({ description: 'The step whose time limit is running now' })
export class JourneyCurrentStep {
  @Field(() => ClockStageEnum, { description: 'Stage the running clock measures' })
  stage: string;

  @Field(() => Int, { description: 'Seconds left until the deadline; negative once it has passed' })
  remainingSeconds: number;

  @Field({ description: 'Deadline of the step under the time-limit policy' })
  deadline: Date;

  @Field({ description: 'True when the deadline lies beyond the published holiday calendar and may still move' })
  provisional: boolean;
}

@ObjectType({ description: "A service's cancellation of its open work after the customer withdrew" })
export class JourneyCancellation {
  @Field(() => ServiceNameEnum, { description: 'Service that cancelled its work: PLANNING, INSPECTION, CONTRACTS or METERING' })
  service: string;

  @Field(() => [String], { description: 'The open work it closed (empty when nothing was open)' })
  cancelledWork: string[];

  @Field({ description: 'The withdrawal reason' })
  reason: string;

  @Field({ description: 'When the work was cancelled' })
  at: Date;
}

@ObjectType({ description: 'The whole path of a case across every service: where it stands, who acts next, what waits on the customer' })
export class CaseJourney {
  @Field(() => CaseStageEnum, {
    description: 'Current stage: the first stage not yet complete of the process variant the case walks now, or ARCHIVED, WITHDRAWN',
  })
  currentStage: string;

  @Field(() => [JourneyLink], {
    description:
      'The links of the process variant the case walks now (`Case.processVariant`), in order: two under 三零, three under 三省, every stage its own link before the reform. Empty before acceptance, which fixes the variant',
  })
  links: JourneyLink[];

  @Field(() => JourneyNextAction, {
    nullable: true,
    description:
      'The most urgent of the open actions (earliest due; on a tie the utility before the customer, then the one open longest); null when none is open or the case ended',
  })
  nextAction: JourneyNextAction | null;

  @Field(() => [CaseAction], {
    description:
      'Every action that can happen now, in parallel, most urgent first; never an energization while a gate condition is missing. Empty once the case ended',
  })
  openActions: CaseAction[];

  @Field(() => [JourneyStep], { description: 'Every step so far, in the order they happened (by event time, never by arrival)' })
  steps: JourneyStep[];

  @Field(() => [JourneyOutstandingItem], { description: 'What the case waits on the customer for now' })
  outstandingFromCustomer: JourneyOutstandingItem[];

  @Field(() => JourneyFees, { nullable: true, description: 'Fees invoiced, paid and due; null before fees are invoiced' })
  fees: JourneyFees | null;

  @Field(() => Int, {
    description:
      'Seconds the utility has held the case so far: the elapsed time from application to now (or withdrawal or archive) minus customer time',
  })
  utilityTimeSeconds: number;

  @Field(() => Int, {
    description:
      'Seconds the case waited on the customer: return notice to resubmission, scheme reply to confirmation, design return to resubmission, failed acceptance to a new request, contract drafted to customer signature, invoice to settlement (overlaps counted once)',
  })
  customerTimeSeconds: number;

  @Field(() => JourneyCurrentStep, {
    nullable: true,
    description: 'The step whose time-limit clock is running, with the time left; null when none runs',
  })
  currentStep: JourneyCurrentStep | null;

  @Field(() => [JourneyCancellation], { description: 'Work each service cancelled after a withdrawal' })
  cancellations: JourneyCancellation[];

  @Field(() => StageClock, {
    nullable: true,
    description:
      "The case's END_TO_END clock, from acceptance to power-on: utility time only (it pauses while every open action waits on the customer), against the whole-process limit of the case's category and jurisdiction, with or without external works; without a limit (elapsed time only) when the policy states none, as for cases accepted under 2020-01. Null before acceptance",
  })
  endToEndClock: StageClock | null;
}

/** The fields of the journey that need every event of the case replayed. */
export type JourneyDetail = Pick<CaseJourney, 'steps' | 'outstandingFromCustomer' | 'fees' | 'cancellations'>;

/** The journey as a read starts it: its head, and the detail replayed only when a field of it is asked. */
export type CaseJourneyHead = Omit<CaseJourney, keyof JourneyDetail | 'endToEndClock'> & {
  caseId: string;
  detail: () => Promise<JourneyDetail>;
};
