import dayjs from 'dayjs';
import type { CasePageQuery } from './case.generated';
import { ENUM_LABELS, enumLabel } from '../../i18n/enums';
import type { Locale } from '../../i18n/i18n';

/** The case as the case page reads it (one request). */
export type CaseData = CasePageQuery['case'];
export type CaseCompleteness = CasePageQuery['completenessCheck'];

/** What every action form is given: the case, what the front desk still misses, and what to call once the action is done. */
export interface CaseActionProps {
  caseId: string;
  caseData: CaseData;
  completeness?: CaseCompleteness;
  onDone: () => void;
}

/** An instant in the reader's time zone, minutes shown; empty when there is none. */
export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

// The enums a case state named by a refusal (INVALID_TRANSITION) may come from, most likely first.
const STATE_ENUMS = [
  'ApplicationStatus',
  'CaseStage',
  'PlanningStatus',
  'SchemeStatus',
  'ContractStatus',
  'ContractsStatus',
  'MeteringStatus',
  'MeterInstallationStatus',
  'InstallationOrderStatus',
  'InspectionStatus',
  'ClockState',
];

/** A case state a service named (`ACCEPTED`, `METER_ASSIGNED`) in the reader's words. */
export function stateLabel(locale: Locale, state: string): string {
  const enumName = STATE_ENUMS.find((name) => ENUM_LABELS[name]?.[state]) ?? 'ApplicationStatus';
  return enumLabel(locale, enumName, state);
}
