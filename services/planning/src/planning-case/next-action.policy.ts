import { CaseStage, ProcessVariant, teamFor, variantOf } from '@yekuo/policy';
import { CustomerCategory, NextAction, ProcessVariantName, Role } from '@yekuo/events';

/** Hands the case to `role`, naming the team that takes such work in the case's region when there is one. */
export function handOver(role: Role, regionCode: string, description: string): NextAction {
  const team = teamFor(role, regionCode)?.id;
  return team ? { role, team, description } : { role, description };
}

/** Who acts first in each stage that can follow the supply scheme (data, read with the process variant). */
export const FIRST_ACT_OF_STAGE: Partial<Record<CaseStage, { role: Role; description: string }>> = {
  DESIGN_REVIEW: {
    role: 'customer',
    description: 'Have a qualified design unit of your choice submit the design drawings for review',
  },
  INTERMEDIATE_INSPECTION: {
    role: 'customer',
    description: 'Request the intermediate inspection of concealed works during construction',
  },
  COMPLETION_ACCEPTANCE: {
    role: 'customer',
    description: 'Build with a qualified construction unit of your choice, then request completion acceptance',
  },
  CONTRACT_AND_FEES: {
    role: 'contract-officer',
    description: 'Draft the supply-use contract from the confirmed scheme and invoice the fees',
  },
  METER_INSTALLATION: { role: 'metering-technician', description: 'Assign and install the meter' },
  ENERGIZATION: { role: 'metering-technician', description: 'Energize once every gate condition holds' },
};

/** The stage a case walks after its supply scheme, per the process variant it walks (null: the pre-reform walk). */
export function stageAfterScheme(category: CustomerCategory, variant: ProcessVariantName | null): CaseStage | undefined {
  const stages = variantOf(category, variant).stages;
  const index = stages.indexOf('SUPPLY_SCHEME');
  return index < 0 ? undefined : stages[index + 1];
}

/** Next action once the scheme is confirmed (by the customer, or by rule under 三零): the first act of the next stage of the case's variant. */
export function nextActionAfterConfirmation(
  category: CustomerCategory,
  regionCode: string,
  variant: ProcessVariantName | null,
): NextAction | undefined {
  const stage = stageAfterScheme(category, variant);
  const act = stage ? FIRST_ACT_OF_STAGE[stage] : undefined;
  return act ? handOver(act.role, regionCode, act.description) : undefined;
}

/** Next actions of planning's own steps. */
export const PLANNING_NEXT_ACTIONS = {
  surveyScheduled: (regionCode: string, appointmentAt: Date) =>
    handOver('surveyor', regionCode, `Survey the site at the appointment on ${appointmentAt.toISOString()}`),
  surveyCompleted: (regionCode: string) => handOver('planner', regionCode, 'Draft the supply scheme from the survey'),
  schemeDrafted: (regionCode: string, version: number) =>
    handOver('approver', regionCode, `Approve or reject supply scheme version ${version}`),
  schemeApproved: (regionCode: string, version: number) =>
    handOver('planner', regionCode, `Reply the approved supply scheme version ${version} to the customer`),
  schemeRejected: (regionCode: string, version: number, reason: string) =>
    handOver('planner', regionCode, `Revise supply scheme version ${version}: ${reason}`),
  /** None where the variant has the scheme confirmed without the customer (三零: confirmed at once by rule). */
  schemeReplied: (regionCode: string, variant: ProcessVariant) =>
    variant.customerConfirmsScheme ? handOver('customer', regionCode, 'Confirm the supply scheme') : undefined,
} as const;
