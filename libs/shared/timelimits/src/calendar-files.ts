import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CalendarData, WorkingCalendar } from './working-calendar';

/** Where the calendar and time-limit data of the shared library live (libs/shared/timelimits/data, from src or dist). */
export const SHARED_DATA_DIR = resolve(__dirname, '..', 'data');

const CALENDAR_FILE = /^calendar-.+\.json$/;

const calendarDataSchema = z.object({
  source: z.string().optional(),
  year: z.number().int().optional(),
  timezone: z.string().min(1),
  holidays: z.array(z.object({ name: z.string().min(1), from: z.string(), to: z.string() })),
  makeUpWorkdays: z.array(z.string()),
  covers: z.object({ from: z.string(), to: z.string() }),
});

/** A calendar data document read from a file, with the file it came from. */
export interface CalendarFile {
  file: string;
  data: CalendarData;
}

/** Validates one calendar data document; `origin` names it in the error. */
export function parseCalendarData(raw: unknown, origin: string): CalendarData {
  const parsed = calendarDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Calendar data ${origin} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  // The calendar checks dates, ranges and contradictions.
  new WorkingCalendar(parsed.data);
  return { ...parsed.data, source: parsed.data.source ?? origin };
}

/**
 * Every `calendar-*.json` in the given directories, sorted by file name. A directory that does
 * not exist is an error: a mistyped CALENDAR_DIR must not silently leave deadlines provisional.
 */
export function readCalendarFiles(directories: readonly string[]): CalendarFile[] {
  const files: CalendarFile[] = [];
  for (const directory of directories) {
    if (!existsSync(directory)) throw new Error(`Calendar directory ${directory} does not exist`);
    for (const name of readdirSync(directory)
      .filter((n) => CALENDAR_FILE.test(n))
      .sort()) {
      const file = join(directory, name);
      files.push({ file, data: parseCalendarData(JSON.parse(readFileSync(file, 'utf8')), file) });
    }
  }
  return files;
}

/** The working calendar of the shared data plus an optional extra directory. */
export function loadWorkingCalendar(extraDirectory?: string): WorkingCalendar {
  const files = readCalendarFiles([SHARED_DATA_DIR, ...(extraDirectory ? [extraDirectory] : [])]);
  if (files.length === 0) throw new Error(`No calendar-*.json found in ${SHARED_DATA_DIR}`);
  return new WorkingCalendar(...files.map((f) => f.data));
}
