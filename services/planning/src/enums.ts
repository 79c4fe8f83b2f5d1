import { enumFromValues, upperCaseNames } from '@yekuo/platform';
import { QUALIFICATION_CLASS_CODES } from './construction-unit/qualification-classes';
import { PLANNING_STATUSES } from './planning-case/planning-case.state-machine';
import { VOLTAGE_CLASSES } from './scheme/scheme-terms';
import { ROLES } from '@yekuo/events';

// Planning's closed sets kept outside entity files; the ones declared beside their entity
// (scheme, appointment, pause, recommendation and registry-change statuses) are registered there.

export const PlanningStatusEnum = enumFromValues(
  PLANNING_STATUSES,
  'PlanningStatus',
  'Where a case stands in planning (site survey and supply scheme)',
  {
    valueDescriptions: {
      SCHEME_DRAFTED: 'A scheme version is in approval',
      CANCELLED: 'The application was withdrawn',
    },
  },
);

export const QualificationClassEnum = enumFromValues(
  QUALIFICATION_CLASS_CODES,
  'QualificationClass',
  'Qualification class of a construction unit (承装(修、试)电力设施许可证): CLASS_1 (一级) is the highest, CLASS_5 (五级) the lowest',
);

export const ApprovalChainEnum = enumFromValues(
  VOLTAGE_CLASSES,
  'ApprovalChain',
  'The approval chain a supply scheme walks, by voltage class',
  {
    valueDescriptions: { LV: 'Low voltage: one level', MV: '10–20 kV: two levels', HV: '35 kV and above: three levels' },
  },
);

/** Who signs a level of a scheme's approval chain: a role, or RULE when the fast path approved it by rule. */
export const APPROVAL_SIGNERS = [...ROLES, 'RULE'] as const;

export const ApprovalSignerEnum = enumFromValues(
  APPROVAL_SIGNERS,
  'SchemeApprovalSigner',
  'The role a level of a scheme was signed in (upper case, as the Role enum names it), or RULE when a rule approved it',
  { names: upperCaseNames(APPROVAL_SIGNERS) },
);
