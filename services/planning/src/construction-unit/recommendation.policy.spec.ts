import { randomUUID } from 'node:crypto';
import { classSuffices, describeClass, requiredClass } from './qualification-classes';
import { CandidateUnit, ineligibility, RECOMMENDATION_SIZE, recommendedStamp, selectUnits, UnitNeed } from './recommendation.policy';

const NEED: UnitNeed = { regionCode: '310101', voltageKv: 10, capacityKva: 1000, requiredClass: 'CLASS_4', day: '2026-11-27' };

const unit = (over: Partial<CandidateUnit> = {}): CandidateUnit => ({
  id: randomUUID(),
  name: `Unit ${Math.random().toString(36).slice(2, 7)}`,
  qualificationClass: 'CLASS_3',
  maxVoltageKv: 110,
  maxCapacityKva: null,
  regions: ['310101'],
  validUntil: '2027-05-01',
  suspended: false,
  lastRecommendedAt: null,
  ...over,
});

/** Recommends `times` times, stamping the offered units as the database does; counts offers per unit. */
function simulate(units: CandidateUnit[], times: number, need = NEED): Map<string, number> {
  const offers = new Map(units.map((u) => [u.id, 0]));
  let clock = Date.parse('2026-11-27T00:00:00Z');
  for (let i = 0; i < times; i++) {
    const { offered } = selectUnits(units, need);
    clock += 1000;
    offered.forEach((o, position) => {
      offers.set(o.unitId, offers.get(o.unitId)! + 1);
      units.find((u) => u.id === o.unitId)!.lastRecommendedAt = recommendedStamp(new Date(clock), position);
    });
  }
  return offers;
}

describe('qualification classes', () => {
  it('needs the lowest class covering voltage and capacity', () => {
    expect(requiredClass(0.4, 10)).toBe('CLASS_5');
    expect(requiredClass(10, 630)).toBe('CLASS_5');
    expect(requiredClass(10, 1000)).toBe('CLASS_4');
    expect(requiredClass(35, 5000)).toBe('CLASS_3');
    expect(requiredClass(110, 50000)).toBe('CLASS_1');
    expect(classSuffices('CLASS_1', 'CLASS_5')).toBe(true);
    expect(classSuffices('CLASS_5', 'CLASS_4')).toBe(false);
    expect(describeClass('CLASS_2')).toBe('class 二级 covers 220 kV / 40000 kVA');
  });
});

describe('construction-unit recommendation', () => {
  it('is fair: 300 recommendations among 10 equally eligible units differ by at most one offer', () => {
    const units = Array.from({ length: 10 }, () => unit());
    const offers = simulate(units, 300);
    const counts = [...offers.values()];
    expect(counts).toHaveLength(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300 * RECOMMENDATION_SIZE);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('offers exactly three, least recently recommended first, each with its reason', () => {
    const old = unit({ name: 'Old', lastRecommendedAt: new Date('2026-10-01T00:00:00Z') });
    const never = unit({ name: 'Never' });
    const recent = unit({ name: 'Recent', lastRecommendedAt: new Date('2026-11-20T00:00:00Z') });
    const middle = unit({ name: 'Middle', lastRecommendedAt: new Date('2026-11-02T08:00:00Z'), qualificationClass: 'CLASS_2' });
    const { offered, fewerThanThree } = selectUnits([recent, middle, old, never], NEED);
    expect(fewerThanThree).toBe(false);
    expect(offered.map((o) => o.name)).toEqual(['Never', 'Old', 'Middle']);
    expect(offered[2].reason).toBe(
      'valid until 2027-05-01; class 二级 covers 220 kV / 40000 kVA (needed CLASS_4); serves 310101; last recommended 2026-11-02',
    );
    expect(offered[0].reason).toContain('not recommended before');
  });

  it('breaks ties at random', () => {
    const units = Array.from({ length: 6 }, () => unit());
    const firsts = new Set(Array.from({ length: 60 }, () => selectUnits(units, NEED).offered[0].unitId));
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('never offers an expired, suspended, foreign, under-classed or too-small unit', () => {
    const good = unit({ name: 'Good' });
    const validToday = unit({ name: 'Valid today', validUntil: NEED.day });
    const expired = unit({ name: 'Expired', validUntil: '2026-11-26' });
    const suspended = unit({ name: 'Suspended', suspended: true });
    const foreign = unit({ name: 'Foreign', regions: ['310115'] });
    const lowClass = unit({ name: 'Low class', qualificationClass: 'CLASS_5' });
    const lowVoltage = unit({ name: 'Low voltage', maxVoltageKv: 0.4 });
    const small = unit({ name: 'Small', maxCapacityKva: 500 });
    const all = [expired, suspended, foreign, lowClass, lowVoltage, small, good, validToday];
    expect(ineligibility(expired, NEED)).toBe('expired on 2026-11-26');
    expect(ineligibility(suspended, NEED)).toBe('suspended');
    for (let i = 0; i < 20; i++) {
      const { offered, fewerThanThree } = selectUnits(all, NEED);
      expect(offered.map((o) => o.name).sort()).toEqual(['Good', 'Valid today']);
      expect(fewerThanThree).toBe(true);
    }
  });

  it('says so explicitly when a region has two eligible units, and when it has none', () => {
    const two = [unit(), unit(), unit({ regions: ['310104'] })];
    expect(selectUnits(two, NEED)).toMatchObject({ fewerThanThree: true, offered: [expect.anything(), expect.anything()] });
    expect(selectUnits([], NEED)).toEqual({ offered: [], fewerThanThree: true });
  });
});
