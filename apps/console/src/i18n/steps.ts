import type { Locale } from './i18n';

/**
 * The words of each step of a case's journey, by the event that announced it (its type without
 * the version; the time-limit and cancellation events of every service alike). The journey's own
 * `step` is English; a person reads these.
 */
const STEPS: Record<string, readonly [zh: string, en: string]> = {
  'intake.application.submitted': ['提交用电申请', 'Application submitted'],
  'intake.application.returned': ['一次性告知补正资料', 'Application returned with one notice'],
  'intake.application.resubmitted': ['补正后重新提交', 'Application resubmitted'],
  'intake.application.accepted': ['受理申请', 'Application accepted'],
  'intake.application.withdrawn': ['撤回申请', 'Application withdrawn'],
  'intake.case.facts': ['案件信息同步', 'Case facts published'],
  'intake.ticket.opened': ['提出服务请求', 'Service request opened'],
  'intake.ticket.responded': ['答复服务请求', 'Service request answered'],
  'intake.ticket.resolved': ['服务请求办结', 'Service request resolved'],
  'intake.ticket.rated': ['评价服务请求', 'Service request rated'],
  'intake.ticket.escalated': ['服务请求升级督办', 'Service request escalated'],
  'planning.survey.scheduled': ['预约现场勘查', 'Site survey appointed'],
  'planning.survey.completed': ['完成现场勘查', 'Site survey completed'],
  'planning.recommendation.issued': ['推荐施工单位', 'Construction units recommended'],
  'planning.scheme.drafted': ['编制供电方案', 'Supply scheme drafted'],
  'planning.scheme.approved': ['审批供电方案', 'Supply scheme approved'],
  'planning.scheme.rejected': ['驳回供电方案', 'Supply scheme rejected'],
  'planning.scheme.replied': ['答复供电方案', 'Supply scheme replied to the customer'],
  'planning.scheme.confirmed': ['客户确认供电方案', 'Supply scheme confirmed by the customer'],
  'planning.constructionunit.chosen': ['客户选定施工单位', 'Construction unit chosen'],
  'planning.externalworks.ordered': ['安排配套工程', 'External works ordered'],
  'planning.workspermit.granted': ['配套工程许可获批', 'Works permit granted'],
  'planning.externalworks.completed': ['配套工程完工', 'External works completed'],
  'inspection.design.submitted': ['提交设计文件', 'Design submitted'],
  'inspection.design.returned': ['设计审查退回', 'Design returned with comments'],
  'inspection.design.approved': ['设计审查通过', 'Design approved'],
  'inspection.construction.started': ['工程开工', 'Construction started'],
  'inspection.intermediate.requested': ['申请中间检查', 'Intermediate inspection requested'],
  'inspection.intermediate.passed': ['中间检查合格', 'Intermediate inspection passed'],
  'inspection.intermediate.failed': ['中间检查不合格', 'Intermediate inspection failed'],
  'inspection.acceptance.requested': ['申请竣工检验', 'Completion acceptance requested'],
  'inspection.acceptance.countersigned': ['部门会签', 'Department countersigned'],
  'inspection.acceptance.passed': ['竣工检验合格', 'Completion acceptance passed'],
  'inspection.acceptance.failed': ['竣工检验不合格', 'Completion acceptance failed'],
  'contracts.contract.drafted': ['拟定供用电合同', 'Supply-use contract drafted'],
  'contracts.contract.signed': ['签订供用电合同', 'Supply-use contract signed'],
  'contracts.fees.invoiced': ['开具业务费用', 'Fees invoiced'],
  'contracts.payment.received': ['收到缴费', 'Payment received'],
  'contracts.fees.settled': ['费用结清', 'Fees settled'],
  'metering.meter.assigned': ['配表', 'Meter assigned'],
  'metering.meter.installed': ['装表', 'Meter installed'],
  'metering.gate.opened': ['具备送电条件', 'Cleared for power-on'],
  'metering.case.energized': ['送电', 'Power switched on'],
  'metering.case.archived': ['归档', 'Case archived'],
  'case.cancelled': ['撤回后终止本环节', 'Stage closed after withdrawal'],
  'audit.anchored': ['审计链锚定', 'Audit chain anchored'],
  'timelimit.started': ['时限开始计时', 'Time limit started'],
  'timelimit.stopped': ['时限停止计时', 'Time limit stopped'],
  'timelimit.warned': ['时限预警', 'Time limit warning'],
  'timelimit.breached': ['超过时限', 'Time limit breached'],
  'timelimit.paused': ['时限暂停（等待客户）', 'Time limit paused (waiting on the customer)'],
  'timelimit.resumed': ['时限恢复计时', 'Time limit resumed'],
  'timelimit.relimited': ['时限按新规则重算', 'Time limit recalculated under a new rule'],
};

/** The key of `type` in STEPS: `intake.application.submitted.v1` -> itself without `.v1`; shared kinds without the service. */
export function stepKey(type: string): string {
  const unversioned = type.replace(/\.v\d+$/, '');
  if (STEPS[unversioned]) return unversioned;
  return unversioned.split('.').slice(1).join('.');
}

/** The words of a journey step announced by `type`, or the journey's own words when the console has none. */
export function stepLabel(locale: Locale, type: string, fallback: string): string {
  const pair = STEPS[stepKey(type)];
  return pair ? pair[locale === 'en' ? 1 : 0] : fallback;
}

export function hasStepLabel(type: string): boolean {
  return STEPS[stepKey(type)] !== undefined;
}
