/** @jest-environment jsdom */
import { fireEvent, screen, within } from '@testing-library/react';
import type { Operation } from 'urql';
import type { Locale } from '../../i18n/i18n';
import type { CannedAnswer } from '../../testing/canned-client';
import { renderPage } from '../../testing/render-page';
import { AuditPage } from './AuditPage';

const anchor = (service: string, anchorNo: number, chains: number) => ({
  __typename: 'AuditAnchor',
  service,
  anchorNo,
  anchoredAt: '2026-03-02T01:00:00.000Z',
  chains,
});

function answer(operation: Operation): CannedAnswer {
  const name = (operation.query.definitions[0] as { name: { value: string } }).name.value;
  switch (name) {
    case 'AuditAnchorIntake':
      return { data: { anchorIntakeAuditChains: null } };
    case 'AuditAnchorPlanning':
      return { data: { anchorPlanningAuditChains: anchor('planning', 7, 3) } };
    case 'AuditAnchorInspection':
      return { data: { anchorInspectionAuditChains: anchor('inspection', 2, 1) } };
    case 'AuditAnchorContracts':
      return { errors: [{ message: 'unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }] };
    case 'AuditAnchorMetering':
      return { data: { anchorMeteringAuditChains: anchor('metering', 11, 42) } };
    case 'AuditAnchorNotifications':
      return { data: { anchorNotificationsAuditChains: null } };
    default:
      throw new Error(`unexpected ${name}`);
  }
}

function renderAudit(roles: string[], locale: Locale = 'zh-CN') {
  return renderPage(<AuditPage />, { as: { sub: `${roles[0]}-1`, roles }, locale, answer, path: '/audit' }).seen;
}

/** The table row of `service`'s label. */
const rowOf = (service: string) => screen.getByText(service, { selector: 'td' }).closest('tr')!;

describe('AuditPage', () => {
  afterEach(() => sessionStorage.clear());

  it('anchors every service, one request and key each, and says what each answered', async () => {
    const seen = renderAudit(['auditor']);
    expect(screen.getByText('审计链锚定', { selector: 'h1' })).toBeTruthy();
    fireEvent.click(screen.getByText('立即锚定全部服务').closest('button')!);

    expect(await screen.findByText('1 个服务未能锚定，原因见下表；可再次点击按钮重试。', {}, { timeout: 5000 })).toBeTruthy();
    expect(within(rowOf('受理服务')).getByText('自上次锚定以来没有变动')).toBeTruthy();
    expect(within(rowOf('消息服务')).getByText('自上次锚定以来没有变动')).toBeTruthy();
    const planning = rowOf('勘查方案服务');
    expect(within(planning).getByText('已锚定')).toBeTruthy();
    expect(within(planning).getByText('7')).toBeTruthy();
    expect(within(planning).getByText('3')).toBeTruthy();
    expect(within(rowOf('计量装接服务')).getByText('42')).toBeTruthy();
    expect(within(rowOf('合同收费服务')).getByText('服务暂时不可用，请稍后重试。')).toBeTruthy();

    const mutations = seen.filter((o) => o.kind === 'mutation');
    expect(mutations).toHaveLength(6);
    const keys = new Set(mutations.map((o) => (o.context as { idempotencyKey?: string }).idempotencyKey));
    expect(keys.size).toBe(6);
    expect([...keys].every((k) => /^[0-9a-f-]{36}$/.test(k ?? ''))).toBe(true);
  }, 15_000);

  it('offers no anchoring to a role the graph refuses it', () => {
    const seen = renderAudit(['supervisor'], 'en');
    expect(screen.getByText('Audit chain anchors', { selector: 'h1' })).toBeTruthy();
    expect(screen.getByText('Only auditors and administrators can anchor the audit chains.')).toBeTruthy();
    expect(screen.queryByText('Anchor every service now')).toBeNull();
    expect(seen).toHaveLength(0);
  });
});
