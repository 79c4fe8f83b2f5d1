import { classSuffices, describeClass, QualificationClass } from './qualification-classes';

/**
 * How many units a recommendation offers. Exactly three when at least three are
 * eligible: enough for a real choice (the rule asks for no fewer than three), and
 * a fixed number keeps the rotation fair — every offer moves the same number of
 * units to the back of the queue. Fewer eligible units are offered all, flagged.
 */
export const RECOMMENDATION_SIZE = 3;

/** What the recommender knows of a unit. */
export interface CandidateUnit {
  id: string;
  name: string;
  qualificationClass: QualificationClass;
  maxVoltageKv: number;
  maxCapacityKva: number | null;
  regions: string[];
  /** Last day of validity (YYYY-MM-DD): valid on that day. */
  validUntil: string;
  suspended: boolean;
  lastRecommendedAt: Date | null;
}

/** What the case needs of a unit. */
export interface UnitNeed {
  regionCode: string;
  voltageKv: number;
  capacityKva: number;
  requiredClass: QualificationClass;
  /** The day of the recommendation (YYYY-MM-DD). */
  day: string;
}

export interface OfferedUnit {
  unitId: string;
  name: string;
  qualificationClass: QualificationClass;
  validUntil: string;
  reason: string;
}

/**
 * The time to record as a unit's last recommendation: the issue time plus its position
 * in the offer (in ms). Units offered together would otherwise tie and be reordered at
 * random next time, which lets offer counts drift apart; distinct stamps keep the
 * rotation strict, so over any run the counts differ by at most one.
 */
export function recommendedStamp(issuedAt: Date, position: number): Date {
  return new Date(issuedAt.getTime() + position);
}

/** Why a unit may not be offered for `need`, or null when it may. */
export function ineligibility(unit: CandidateUnit, need: UnitNeed): string | null {
  if (unit.suspended) return 'suspended';
  if (unit.validUntil < need.day) return `expired on ${unit.validUntil}`;
  if (!unit.regions.includes(need.regionCode)) return `does not serve ${need.regionCode}`;
  if (!classSuffices(unit.qualificationClass, need.requiredClass)) return `class ${unit.qualificationClass} is below ${need.requiredClass}`;
  if (unit.maxVoltageKv < need.voltageKv) return `builds up to ${unit.maxVoltageKv} kV only`;
  if (unit.maxCapacityKva !== null && unit.maxCapacityKva < need.capacityKva) return `builds up to ${unit.maxCapacityKva} kVA only`;
  return null;
}

/**
 * The units to offer: eligible ones, least recently recommended first (never recommended
 * before all others), ties in random order; at most RECOMMENDATION_SIZE.
 */
export function selectUnits(
  units: readonly CandidateUnit[],
  need: UnitNeed,
  random: () => number = Math.random,
): { offered: OfferedUnit[]; fewerThanThree: boolean } {
  const eligible = units.filter((u) => ineligibility(u, need) === null);
  // Random keys first, then a stable sort by recency: equal recency keeps the random order.
  const shuffled = eligible.map((unit) => ({ unit, key: random() })).sort((a, b) => a.key - b.key);
  const ordered = shuffled.sort((a, b) => recency(a.unit) - recency(b.unit)).map((e) => e.unit);
  const chosen = ordered.slice(0, RECOMMENDATION_SIZE);
  return {
    offered: chosen.map((unit) => ({
      unitId: unit.id,
      name: unit.name,
      qualificationClass: unit.qualificationClass,
      validUntil: unit.validUntil,
      reason: reasonFor(unit, need),
    })),
    fewerThanThree: chosen.length < RECOMMENDATION_SIZE,
  };
}

/** Milliseconds of the last recommendation; never recommended sorts first. */
const recency = (unit: CandidateUnit): number => unit.lastRecommendedAt?.getTime() ?? Number.MIN_SAFE_INTEGER;

/** "valid until 2027-05-01; class 二级 covers 220 kV / 40000 kVA; serves 310101; last recommended 2026-11-02" */
export function reasonFor(unit: CandidateUnit, need: UnitNeed): string {
  const last = unit.lastRecommendedAt ? `last recommended ${unit.lastRecommendedAt.toISOString().slice(0, 10)}` : 'not recommended before';
  return `valid until ${unit.validUntil}; ${describeClass(unit.qualificationClass)} (needed ${need.requiredClass}); serves ${need.regionCode}; ${last}`;
}
