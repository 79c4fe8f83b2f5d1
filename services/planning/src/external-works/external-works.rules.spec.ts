import { ErrorCode, Principal } from '@yekuo/platform';
import {
  checkCompletion,
  checkPermitApplication,
  checkPermitDecision,
  latestPermitByKind,
  OrderFacts,
  ordersExternalWorks,
  PermitFacts,
  permitsOutstanding,
  requireOrdered,
  requireRegion,
} from './external-works.rules';
import { PERMIT_KINDS } from './works-permit.entity';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 8, minute));
const permit = (id: string, kind: PermitFacts['kind'], status: PermitFacts['status'], minute: number): PermitFacts => ({
  id,
  kind,
  status,
  appliedAt: at(minute),
});
const ordered = (...permits: PermitFacts[]): OrderFacts => ({ status: 'ORDERED', permits });

/** The error `act` throws, for its code and extensions. */
function errorOf(act: () => void): { code: string; message: string; extensions: Record<string, unknown> } {
  try {
    act();
  } catch (error) {
    const e = error as { message: string; extensions: Record<string, unknown> };
    return { code: e.extensions.code as string, message: e.message, extensions: e.extensions };
  }
  throw new Error('expected the rule to refuse');
}

describe('external works: when an order is opened', () => {
  it('orders works for a scheme that needs them, and none for one that does not', () => {
    expect(ordersExternalWorks({ externalWorksRequired: true })).toBe(true);
    expect(ordersExternalWorks({ externalWorksRequired: false })).toBe(false);
  });
});

describe('external works: every action needs an open order', () => {
  it.each(['COMPLETED', 'CANCELLED'] as const)('refuses every action on a %s order, naming its state', (status) => {
    for (const action of ['applyWorksPermit', 'decideWorksPermit', 'recordWorksProgress', 'completeExternalWorks'] as const) {
      const e = errorOf(() => requireOrdered({ status }, action));
      expect(e.code).toBe(ErrorCode.INVALID_TRANSITION);
      expect(e.extensions).toMatchObject({ currentState: `external works ${status}`, requires: ['external works ORDERED'] });
      expect(e.message).toContain(action);
    }
  });

  it('lets every action through on an ORDERED order', () => {
    expect(() => requireOrdered(ordered(), 'recordWorksProgress')).not.toThrow();
  });
});

describe('external works: the region of the caller', () => {
  const planner = (regions: string[]): Principal => ({ sub: 'planner-1', roles: ['planner'], regions, actsFor: [] });

  it('refuses a caller who does not serve the case region with FORBIDDEN naming it', () => {
    const e = errorOf(() => requireRegion(planner(['310104']), '310115'));
    expect(e.code).toBe(ErrorCode.FORBIDDEN);
    expect(e.message).toContain('310115');
    expect(errorOf(() => requireRegion(planner([]), '310115')).code).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets a caller who serves the region act, and anyone on a case without a region', () => {
    expect(() => requireRegion(planner(['310104', '310115']), '310115')).not.toThrow();
    expect(() => requireRegion(planner([]), null)).not.toThrow();
  });
});

describe('external works: permit applications', () => {
  it.each(PERMIT_KINDS)('applies for a %s permit on an order without one', (kind) => {
    expect(() => checkPermitApplication(ordered(), kind)).not.toThrow();
  });

  it('refuses a second application of a kind pending or granted, with CONFLICT naming the permit', () => {
    const pending = errorOf(() => checkPermitApplication(ordered(permit('p1', 'ROAD_EXCAVATION', 'APPLIED', 0)), 'ROAD_EXCAVATION'));
    expect(pending.code).toBe(ErrorCode.CONFLICT);
    expect(pending.message).toContain('APPLIED');
    expect(pending.message).toContain('p1');
    const granted = errorOf(() => checkPermitApplication(ordered(permit('p2', 'TRAFFIC', 'GRANTED', 0)), 'TRAFFIC'));
    expect(granted.code).toBe(ErrorCode.CONFLICT);
  });

  it('applies again after a refusal, and for another kind beside a pending one', () => {
    expect(() => checkPermitApplication(ordered(permit('p1', 'GREEN_SPACE', 'REFUSED', 0)), 'GREEN_SPACE')).not.toThrow();
    expect(() => checkPermitApplication(ordered(permit('p1', 'ROAD_EXCAVATION', 'APPLIED', 0)), 'TRAFFIC')).not.toThrow();
  });

  it('decides a pending application once', () => {
    const pending = permit('p1', 'ROAD_EXCAVATION', 'APPLIED', 0);
    expect(() => checkPermitDecision(ordered(pending), pending)).not.toThrow();
    for (const status of ['GRANTED', 'REFUSED'] as const) {
      const decided = permit('p1', 'ROAD_EXCAVATION', status, 0);
      const e = errorOf(() => checkPermitDecision(ordered(decided), decided));
      expect(e.code).toBe(ErrorCode.INVALID_TRANSITION);
      expect(e.extensions).toMatchObject({ currentState: `permit ${status}`, requires: ['permit APPLIED'] });
    }
  });

  it('reads the latest application of each kind by application time, whatever the order given', () => {
    const latest = latestPermitByKind([
      permit('p3', 'ROAD_EXCAVATION', 'GRANTED', 30),
      permit('p1', 'ROAD_EXCAVATION', 'REFUSED', 0),
      permit('p2', 'TRAFFIC', 'APPLIED', 10),
    ]);
    expect([...latest.entries()].map(([kind, p]) => `${kind}:${p.id}`).sort()).toEqual(['ROAD_EXCAVATION:p3', 'TRAFFIC:p2']);
  });
});

describe('external works: completion', () => {
  it('completes with no permits, or with every kind granted (a refusal superseded by a grant)', () => {
    expect(() => checkCompletion(ordered())).not.toThrow();
    expect(() =>
      checkCompletion(
        ordered(
          permit('p1', 'ROAD_EXCAVATION', 'REFUSED', 0),
          permit('p2', 'ROAD_EXCAVATION', 'GRANTED', 5),
          permit('p3', 'TRAFFIC', 'GRANTED', 6),
        ),
      ),
    ).not.toThrow();
  });

  it('refuses while a permit is pending or a kind stands refused, listing each in `requires`', () => {
    const order = ordered(
      permit('p1', 'ROAD_EXCAVATION', 'APPLIED', 0),
      permit('p2', 'GREEN_SPACE', 'REFUSED', 1),
      permit('p3', 'TRAFFIC', 'GRANTED', 2),
    );
    expect(permitsOutstanding(order)).toEqual(['ROAD_EXCAVATION awaiting the decision', 'GREEN_SPACE refused']);
    const e = errorOf(() => checkCompletion(order));
    expect(e.code).toBe(ErrorCode.CONFLICT);
    expect(e.extensions.requires).toEqual(['ROAD_EXCAVATION awaiting the decision', 'GREEN_SPACE refused']);
  });

  it('refuses to complete twice', () => {
    expect(errorOf(() => checkCompletion({ status: 'COMPLETED', permits: [] })).code).toBe(ErrorCode.INVALID_TRANSITION);
  });
});
