import type { ClockStage } from '@yekuo/timelimits';
import type { Role } from '@yekuo/events';
import type { InspectionStatus } from '../inspection-case/inspection-case.state-machine';

/** The steps inspection times (docs/DOMAIN.md, time-limit table); limits and targets are in libs/shared/data/time-limits.json. */
export const INSPECTION_CLOCK_STAGES = [
  'DESIGN_REVIEW',
  'INTERMEDIATE_INSPECTION',
  'COMPLETION_ACCEPTANCE',
] as const satisfies readonly ClockStage[];
export type InspectionClockStage = (typeof INSPECTION_CLOCK_STAGES)[number];

/**
 * Who holds each timed step while its clock runs (the team of that role is the clock's team,
 * for on-time rates per team). The inspection team reviews designs, inspects concealed works
 * and organises the on-site acceptance the departments countersign.
 */
export const CLOCK_HOLDERS: Record<InspectionClockStage, Role> = {
  DESIGN_REVIEW: 'inspector',
  INTERMEDIATE_INSPECTION: 'inspector',
  COMPLETION_ACCEPTANCE: 'inspector',
};

/**
 * The on-site steps the customer may put off (an appointment they moved, a site not ready):
 * in these states the step's clock runs and may pause for the customer. Design review has no
 * such pause: the customer's time there is from a return to the next round, which is off the
 * clock already (the return stops the round's clock).
 */
export const CUSTOMER_DELAY_STEPS: Partial<Record<InspectionStatus, InspectionClockStage>> = {
  INTERMEDIATE_REQUESTED: 'INTERMEDIATE_INSPECTION',
  ACCEPTANCE_REQUESTED: 'COMPLETION_ACCEPTANCE',
};
