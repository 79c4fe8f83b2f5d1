import { EntityManager } from 'typeorm';

/** The year a case is numbered in: the calendar year in China Standard Time. */
export function numberingYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}

export function formatCaseNumber(year: number, sequence: number): string {
  return `YK-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Takes the next number inside the caller's transaction. The counter row stays
 * locked until that transaction ends, so concurrent submissions queue for it and a
 * rolled-back submission gives its number back: no gaps, no duplicates.
 */
export async function nextCaseNumber(manager: EntityManager, at: Date): Promise<string> {
  const year = numberingYear(at);
  const [row] = await manager.query<{ last: number }[]>(
    `INSERT INTO case_number_counter (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = case_number_counter.last + 1
     RETURNING last`,
    [year],
  );
  return formatCaseNumber(year, row.last);
}
