import { ForbiddenError, Principal } from '@yekuo/platform';
import { Role } from '@yekuo/events';
import { VoltageClass } from './scheme-terms';

/** One level of an approval chain: who may sign it. */
export interface ApprovalLevel {
  level: number;
  title: string;
  roles: readonly Role[];
}

export interface ApprovalChain {
  id: VoltageClass;
  description: string;
  levels: readonly ApprovalLevel[];
}

/**
 * Approval chains of the supply scheme by voltage class (data): low voltage one level,
 * 10–20 kV two, 35 kV and above three. Each level is signed by a different person.
 */
export const APPROVAL_CHAINS: Record<VoltageClass, ApprovalChain> = {
  LV: {
    id: 'LV',
    description: 'Low voltage (≤ 0.4 kV): one level',
    levels: [{ level: 1, title: 'Supply planning review (营销部方案审核)', roles: ['approver'] }],
  },
  MV: {
    id: 'MV',
    description: '10–20 kV: two levels',
    levels: [
      { level: 1, title: 'Supply planning review (营销部方案审核)', roles: ['approver'] },
      { level: 2, title: 'Operations and dispatch review (运检/调度会审)', roles: ['approver'] },
    ],
  },
  HV: {
    id: 'HV',
    description: '35 kV and above: three levels',
    levels: [
      { level: 1, title: 'Supply planning review (营销部方案审核)', roles: ['approver'] },
      { level: 2, title: 'Operations and dispatch review (运检/调度会审)', roles: ['approver'] },
      { level: 3, title: 'Chief engineer sign-off (总工程师审批)', roles: ['approver'] },
    ],
  },
};

/** Every role that signs some level (the guard's list; the level's own roles are checked per approval). */
export const APPROVER_ROLES: Role[] = [...new Set(Object.values(APPROVAL_CHAINS).flatMap((c) => c.levels.flatMap((l) => [...l.roles])))];

/** Who approved which level already. A rule approval has no person. */
export interface RecordedApproval {
  level: number;
  approverId: string | null;
}

/** The next approval of a version: the level it signs, its role, and whether it is the last one. */
export interface ApprovalStep {
  level: ApprovalLevel;
  role: Role;
  final: boolean;
}

/**
 * The level `principal` would sign next on a version of `chain` that already has
 * `approvals`. FORBIDDEN when they lack the level's role or signed an earlier level:
 * the same person cannot approve two levels.
 */
export function nextApprovalStep(chain: ApprovalChain, approvals: readonly RecordedApproval[], principal: Principal): ApprovalStep {
  const done = new Set(approvals.map((a) => a.level));
  const level = chain.levels.find((l) => !done.has(l.level));
  if (!level) throw new ForbiddenError(`Every level of the ${chain.id} approval chain is signed already`);
  const role = level.roles.find((r) => principal.roles.includes(r));
  if (!role) throw new ForbiddenError(`Level ${level.level} (${level.title}) is approved by: ${level.roles.join(', ')}`);
  const earlier = approvals.find((a) => a.approverId === principal.sub);
  if (earlier) {
    throw new ForbiddenError(
      `${principal.sub} already approved level ${earlier.level} of this version; level ${level.level} (${level.title}) needs a different approver`,
    );
  }
  return { level, role, final: level.level === chain.levels[chain.levels.length - 1].level };
}
