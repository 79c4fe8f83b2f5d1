// The words of the audit anchoring page (keys prefixed `audit.`).
export const zh = {
  'audit.nav': '审计锚定',
  'audit.title': '审计链锚定',
  'audit.intro': '将各服务自上次锚定以来有变动的审计链链头签名写入见证库；此后改写这些记录都会在核验审计链时被发现。',
  'audit.notAllowed': '只有审计人员和系统管理员可以锚定审计链。',
  'audit.anchorAll': '立即锚定全部服务',
  'audit.caption': '各服务的锚定结果',
  'audit.col.service': '服务',
  'audit.col.result': '结果',
  'audit.col.anchorNo': '锚定编号',
  'audit.col.anchoredAt': '锚定时间',
  'audit.col.chains': '锚定的审计链数',
  'audit.pending': '锚定中…',
  'audit.anchored': '已锚定',
  'audit.nothingMoved': '自上次锚定以来没有变动',
  'audit.nothingMovedHint': '“没有变动”也可能是该服务此刻正有另一次锚定在进行。',
  'audit.failed': '{count} 个服务未能锚定，原因见下表；可再次点击按钮重试。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'audit.nav': 'Audit anchors',
  'audit.title': 'Audit chain anchors',
  'audit.intro':
    'Signs the heads of each service’s audit chains that moved since its last anchor into the witness; any later rewriting of those records shows when the chains are verified.',
  'audit.notAllowed': 'Only auditors and administrators can anchor the audit chains.',
  'audit.anchorAll': 'Anchor every service now',
  'audit.caption': 'Anchor made per service',
  'audit.col.service': 'Service',
  'audit.col.result': 'Result',
  'audit.col.anchorNo': 'Anchor number',
  'audit.col.anchoredAt': 'Anchored at',
  'audit.col.chains': 'Chains anchored',
  'audit.pending': 'Anchoring…',
  'audit.anchored': 'Anchored',
  'audit.nothingMoved': 'Nothing moved since the last anchor',
  'audit.nothingMovedHint': '“Nothing moved” may also mean another anchor of that service is being made right now.',
  'audit.failed': '{count} service(s) could not anchor; see why in the table. Press the button again to retry.',
};
