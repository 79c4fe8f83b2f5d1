/**
 * Surveyors by region (data: the org data in libs/shared names survey teams, not
 * people). Replace per utility; order is the stable tie-break between equally
 * loaded surveyors.
 */
export const SURVEYOR_ROSTER: Readonly<Record<string, readonly string[]>> = {
  '310101': ['surveyor-west-1', 'surveyor-west-2'],
  '310104': ['surveyor-west-2', 'surveyor-west-3'],
  '310115': ['surveyor-east-1', 'surveyor-east-2', 'surveyor-east-3'],
};

/**
 * The surveyor to assign in `regionCode`: the one with the fewest open appointments,
 * the first in roster order among equals. Undefined when nobody surveys the region.
 */
export function pickSurveyor(
  regionCode: string,
  openAppointments: ReadonlyMap<string, number>,
  roster: Readonly<Record<string, readonly string[]>> = SURVEYOR_ROSTER,
): string | undefined {
  const candidates = roster[regionCode] ?? [];
  let best: string | undefined;
  for (const surveyor of candidates) {
    if (best === undefined || (openAppointments.get(surveyor) ?? 0) < (openAppointments.get(best) ?? 0)) best = surveyor;
  }
  return best;
}
