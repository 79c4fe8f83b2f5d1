import type { CaseStage } from './schema';

/** The stages a case passes through while open, in order: the board's columns and the dashboard's backlog rows. */
export const OPEN_STAGES: readonly CaseStage[] = [
  'APPLICATION',
  'SURVEY',
  'SUPPLY_SCHEME',
  'DESIGN_REVIEW',
  'CONSTRUCTION',
  'COMPLETION_ACCEPTANCE',
  'CONTRACT_AND_FEES',
  'METER_INSTALLATION',
  'ENERGIZATION',
];
