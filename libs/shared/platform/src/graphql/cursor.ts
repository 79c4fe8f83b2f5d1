import { FieldError, ValidationFailedError } from '../errors/domain-error';

/** The largest page a list hands out. */
export const MAX_PAGE = 100;

/** An opaque keyset cursor: base64url of the position's JSON. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back into its position with `parse`, which checks the decoded JSON and
 * returns undefined for anything this list did not hand out. Returns undefined for a
 * forged or garbled cursor; `pageArgs` turns that into VALIDATION_FAILED on `after`.
 */
export function decodeCursor<P>(cursor: string, parse: (value: unknown) => P | undefined): P | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Checks `first` (1..max) and decodes `after`, reporting both at once as VALIDATION_FAILED
 * naming `first` and `after`.
 */
export function pageArgs<P>(
  first: number,
  after: string | null | undefined,
  parse: (value: unknown) => P | undefined,
  max = MAX_PAGE,
): { first: number; after?: P } {
  const fields: FieldError[] = [];
  if (!Number.isInteger(first) || first < 1 || first > max) fields.push({ field: 'first', message: `must be an integer from 1 to ${max}` });
  let position: P | undefined;
  if (after !== undefined && after !== null) {
    position = decodeCursor(after, parse);
    if (position === undefined) fields.push({ field: 'after', message: 'is not a cursor this list handed out' });
  }
  if (fields.length > 0) throw new ValidationFailedError(fields);
  return { first, after: position };
}

/** A page as a connection: edges with their cursors, and where the page ends. */
export interface Page<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Cuts the fetched rows (one more than asked for) into a page; `positionOf` gives each row's keyset position. */
export function toPage<R, T = R>(rows: readonly R[], first: number, positionOf: (row: R) => unknown, nodeOf?: (row: R) => T): Page<T> {
  const page = rows.slice(0, first);
  return {
    edges: page.map((row) => ({ node: nodeOf ? nodeOf(row) : (row as unknown as T), cursor: encodeCursor(positionOf(row)) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(positionOf(page[page.length - 1])) : null },
  };
}

/** A tuple position of strings (`[submittedAt, id]`), each checked by its own rule. */
export function tuplePosition(...rules: ((part: string) => boolean)[]): (value: unknown) => string[] | undefined {
  return (value) =>
    Array.isArray(value) && value.length === rules.length && value.every((part, i) => typeof part === 'string' && rules[i](part))
      ? (value as string[])
      : undefined;
}
