import type { CaseActionCode, CaseActions, CaseEventType, EventPayload } from '@yekuo/events';
import { variantOf } from './process-variants';

type Rule<T extends CaseEventType> = (data: EventPayload<T>) => CaseActions;
type Rules = { [T in CaseEventType]?: Rule<T> };

const opens = (...codes: CaseActionCode[]) => codes;
const closes = opens;

/**
 * The work each event of the catalog opens and closes (`actions` on its payload; docs/DOMAIN.md,
 * "Open actions"), for subscribers that follow a case without rebuilding the journey. An event
 * that closes an action names every action it may close (a fast-path scheme closes the survey it
 * was drafted with); closing an action that is not open changes nothing. Withdrawals close every
 * open action and say so in `cancelledWork`; time-limit and audit events open and close none.
 */
const RULES: Rules = {
  'intake.application.submitted.v1': () => ({ opens: opens('REVIEW_APPLICATION') }),
  'intake.application.returned.v1': () => ({ closes: closes('REVIEW_APPLICATION'), opens: opens('RESUBMIT_APPLICATION') }),
  'intake.application.resubmitted.v1': () => ({ closes: closes('RESUBMIT_APPLICATION'), opens: opens('REVIEW_APPLICATION') }),
  'intake.application.accepted.v1': (data) => ({
    closes: closes('REVIEW_APPLICATION'),
    opens: opens(variantOf(data.category, data.processVariant).surveyWithScheme ? 'SURVEY_AND_DRAFT_SCHEME' : 'SCHEDULE_SURVEY'),
  }),
  'planning.survey.scheduled.v1': () => ({ closes: closes('SCHEDULE_SURVEY'), opens: opens('RECORD_SURVEY') }),
  'planning.survey.completed.v1': () => ({ closes: closes('RECORD_SURVEY'), opens: opens('DRAFT_SCHEME') }),
  'planning.scheme.drafted.v1': () => ({ closes: closes('DRAFT_SCHEME', 'SURVEY_AND_DRAFT_SCHEME'), opens: opens('APPROVE_SCHEME') }),
  'planning.scheme.approved.v1': (data) => (data.final ? { closes: closes('APPROVE_SCHEME'), opens: opens('REPLY_SCHEME') } : {}),
  'planning.scheme.rejected.v1': () => ({ closes: closes('APPROVE_SCHEME'), opens: opens('DRAFT_SCHEME') }),
  'planning.scheme.replied.v1': (data) => ({
    closes: closes('REPLY_SCHEME'),
    opens: variantOf(data.category, data.processVariant).customerConfirmsScheme ? opens('CONFIRM_SCHEME') : [],
  }),
  'planning.scheme.confirmed.v1': (data) => {
    const variant = variantOf(data.category, data.processVariant);
    const walks = (stage: (typeof variant.stages)[number]) => variant.stages.includes(stage);
    const customerWorks = walks('INTERMEDIATE_INSPECTION') || walks('COMPLETION_ACCEPTANCE');
    return {
      closes: closes('CONFIRM_SCHEME'),
      opens: [
        ...(walks('DESIGN_REVIEW') ? opens('SUBMIT_DESIGN') : customerWorks ? opens('START_CONSTRUCTION') : []),
        'INSTALL_METER',
        ...(variant.contractAtAcceptance ? [] : opens('DRAFT_CONTRACT')),
      ],
    };
  },
  'planning.externalworks.ordered.v1': () => ({ opens: opens('COMPLETE_EXTERNAL_WORKS') }),
  'planning.externalworks.completed.v1': () => ({ closes: closes('COMPLETE_EXTERNAL_WORKS') }),
  'inspection.design.submitted.v1': () => ({ closes: closes('SUBMIT_DESIGN'), opens: opens('REVIEW_DESIGN') }),
  'inspection.design.returned.v1': () => ({ closes: closes('REVIEW_DESIGN'), opens: opens('SUBMIT_DESIGN') }),
  'inspection.design.approved.v1': () => ({ closes: closes('REVIEW_DESIGN'), opens: opens('START_CONSTRUCTION') }),
  'inspection.construction.started.v1': (data) => ({
    closes: closes('START_CONSTRUCTION'),
    opens: opens(
      variantOf(data.category).stages.includes('INTERMEDIATE_INSPECTION')
        ? 'REQUEST_INTERMEDIATE_INSPECTION'
        : 'REQUEST_COMPLETION_ACCEPTANCE',
    ),
  }),
  'inspection.intermediate.requested.v1': () => ({
    closes: closes('REQUEST_INTERMEDIATE_INSPECTION'),
    opens: opens('INSPECT_INTERMEDIATE'),
  }),
  'inspection.intermediate.passed.v1': () => ({ closes: closes('INSPECT_INTERMEDIATE'), opens: opens('REQUEST_COMPLETION_ACCEPTANCE') }),
  'inspection.intermediate.failed.v1': () => ({ closes: closes('INSPECT_INTERMEDIATE'), opens: opens('REQUEST_INTERMEDIATE_INSPECTION') }),
  'inspection.acceptance.requested.v1': () => ({ closes: closes('REQUEST_COMPLETION_ACCEPTANCE'), opens: opens('COUNTERSIGN_ACCEPTANCE') }),
  'inspection.acceptance.passed.v1': () => ({ closes: closes('COUNTERSIGN_ACCEPTANCE') }),
  'inspection.acceptance.failed.v1': () => ({ closes: closes('COUNTERSIGN_ACCEPTANCE'), opens: opens('REQUEST_COMPLETION_ACCEPTANCE') }),
  'contracts.contract.drafted.v1': () => ({ closes: closes('DRAFT_CONTRACT'), opens: opens('SIGN_CONTRACT', 'SIGN_CONTRACT_FOR_UTILITY') }),
  'contracts.contract.signed.v1': (data) => ({ closes: closes(data.party === 'CUSTOMER' ? 'SIGN_CONTRACT' : 'SIGN_CONTRACT_FOR_UTILITY') }),
  'contracts.fees.invoiced.v1': () => ({ opens: opens('PAY_FEES') }),
  'contracts.fees.settled.v1': () => ({ closes: closes('PAY_FEES') }),
  'metering.meter.installed.v1': () => ({ closes: closes('INSTALL_METER') }),
  'metering.gate.opened.v1': () => ({ opens: opens('ENERGIZE') }),
  'metering.case.energized.v1': () => ({ closes: closes('ENERGIZE'), opens: opens('ARCHIVE') }),
  'metering.case.archived.v1': () => ({ closes: closes('ARCHIVE') }),
};

/** The actions `type` opens and closes for this payload; undefined for an event that opens and closes none. */
export function actionsOf<T extends CaseEventType>(type: T, data: EventPayload<T>): CaseActions | undefined {
  const rule = RULES[type];
  if (!rule) return undefined;
  const actions = rule(data);
  const named: CaseActions = {
    ...(actions.opens?.length ? { opens: actions.opens } : {}),
    ...(actions.closes?.length ? { closes: actions.closes } : {}),
  };
  return named.opens || named.closes ? named : undefined;
}
