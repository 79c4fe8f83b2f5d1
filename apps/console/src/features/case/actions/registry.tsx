import type { ComponentType } from 'react';
import type { CaseActionCode, Role } from '../../../graphql/schema';
import type { CaseActionProps } from '../case-data';
import { Countersign, RequestCompletionAcceptance } from './Acceptance';
import { InspectIntermediate, RequestIntermediateInspection, StartConstruction } from './Construction';
import { ContractParties } from './ContractParties';
import { ReviewDesign, SubmitDesign } from './Design';
import { Archive } from './Energize';
import { ExternalWorks } from './ExternalWorks';
import { FastPath } from './FastPath';
import { EnergizeWithWait, InstallMeterWithWaits } from './MeteringBranches';
import { PayFees } from './PayFees';
import { ResubmitApplication } from './ResubmitApplication';
import { ReviewApplication } from './ReviewApplication';
import { ApproveScheme, ConfirmScheme, DraftScheme, ReplyScheme } from './Scheme';
import { SignContract, SignContractForUtility } from './SignContract';
import { RecordSurvey, ScheduleSurvey } from './Survey';

/**
 * The form of each action that can be done from the case page, by its code. An open action
 * without a form here is listed with its description only.
 */
export const ACTION_FORMS: Partial<Record<CaseActionCode, ComponentType<CaseActionProps>>> = {
  REVIEW_APPLICATION: ReviewApplication,
  RESUBMIT_APPLICATION: ResubmitApplication,
  DRAFT_CONTRACT: ContractParties,
  SIGN_CONTRACT: SignContract,
  SIGN_CONTRACT_FOR_UTILITY: SignContractForUtility,
  SURVEY_AND_DRAFT_SCHEME: FastPath,
  SCHEDULE_SURVEY: ScheduleSurvey,
  RECORD_SURVEY: RecordSurvey,
  DRAFT_SCHEME: DraftScheme,
  APPROVE_SCHEME: ApproveScheme,
  REPLY_SCHEME: ReplyScheme,
  CONFIRM_SCHEME: ConfirmScheme,
  SUBMIT_DESIGN: SubmitDesign,
  REVIEW_DESIGN: ReviewDesign,
  START_CONSTRUCTION: StartConstruction,
  REQUEST_INTERMEDIATE_INSPECTION: RequestIntermediateInspection,
  INSPECT_INTERMEDIATE: InspectIntermediate,
  REQUEST_COMPLETION_ACCEPTANCE: RequestCompletionAcceptance,
  COUNTERSIGN_ACCEPTANCE: Countersign,
  PAY_FEES: PayFees,
  COMPLETE_EXTERNAL_WORKS: ExternalWorks,
  INSTALL_METER: InstallMeterWithWaits,
  ENERGIZE: EnergizeWithWait,
  ARCHIVE: Archive,
};

/**
 * Staff who also do an action the case names another role for: a planner may appoint the survey,
 * an inspector record the start of construction, and the contract officer records the payment of
 * fees the customer owes.
 */
export const ALSO_DONE_BY: Partial<Record<CaseActionCode, readonly Role[]>> = {
  SCHEDULE_SURVEY: ['PLANNER'],
  START_CONSTRUCTION: ['INSPECTOR'],
  PAY_FEES: ['CONTRACT_OFFICER'],
};
