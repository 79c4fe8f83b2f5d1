/**
 * Where a case stands, as the journey derives it from the stage events: the first stage of the
 * case's process variant that is not yet complete. Kept on `connection_case.stage` so staff search
 * filters on it through an index.
 */
export const CASE_STAGES = [
  'APPLICATION',
  'SURVEY',
  'SUPPLY_SCHEME',
  'DESIGN_REVIEW',
  'CONSTRUCTION',
  'COMPLETION_ACCEPTANCE',
  'CONTRACT_AND_FEES',
  'METER_INSTALLATION',
  'ENERGIZATION',
  'ARCHIVED',
  'WITHDRAWN',
] as const;

export type CaseStage = (typeof CASE_STAGES)[number];
