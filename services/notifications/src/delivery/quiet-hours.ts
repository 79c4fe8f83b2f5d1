const MINUTES_PER_DAY = 24 * 60;

/** Minutes after local midnight of `at` in `timeZone`, and the seconds into that minute. */
function localClock(at: Date, timeZone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(at)
    .reduce<Record<string, number>>((acc, part) => (part.type === 'literal' ? acc : { ...acc, [part.type]: Number(part.value) }), {});
  return { minutes: parts.hour * 60 + parts.minute, seconds: parts.second };
}

/**
 * When quiet hours from `from` to `until` (minutes after local midnight; over midnight when
 * `from` > `until`) end, if `at` lies within them; undefined outside them or when none are set.
 */
export function quietHoursEnd(at: Date, quiet: { from: number | null; until: number | null; timeZone: string }): Date | undefined {
  if (quiet.from === null || quiet.until === null || quiet.from === quiet.until) return undefined;
  const { minutes, seconds } = localClock(at, quiet.timeZone);
  const inside = quiet.from < quiet.until ? minutes >= quiet.from && minutes < quiet.until : minutes >= quiet.from || minutes < quiet.until;
  if (!inside) return undefined;
  const left = (quiet.until - minutes + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return new Date(at.getTime() + left * 60_000 - seconds * 1000 - at.getMilliseconds());
}
