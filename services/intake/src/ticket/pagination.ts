import { FieldError, ValidationFailedError } from '@yekuo/platform';

export const MAX_PAGE = 100;

export const encodeCursor = (position: string): string => Buffer.from(position, 'utf8').toString('base64url');

/**
 * Checks `first` and decodes `after` with `parse` (which returns undefined for a position it
 * does not recognise), reporting both at once.
 */
export function pageArgs<P>(
  first: number,
  after: string | undefined,
  parse: (position: string) => P | undefined,
): { first: number; after?: P } {
  const fields: FieldError[] = [];
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    fields.push({ field: 'first', message: `must be between 1 and ${MAX_PAGE}` });
  let position: P | undefined;
  if (after !== undefined && after !== null) {
    position = parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (position === undefined) fields.push({ field: 'after', message: 'is not a cursor of this list' });
  }
  if (fields.length > 0) throw new ValidationFailedError(fields);
  return { first, after: position };
}

/** Cuts the fetched rows (one more than asked for) into a page. */
export function toPage<T>(rows: T[], first: number, cursorOf: (row: T) => string) {
  const nodes = rows.slice(0, first);
  return {
    edges: nodes.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.length ? encodeCursor(cursorOf(nodes[nodes.length - 1])) : null },
  };
}
