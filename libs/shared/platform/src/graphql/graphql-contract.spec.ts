import { validate } from 'class-validator';
import { ErrorCode } from '../errors/error-code';
import { ValidationFailedError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, pageArgs, toPage } from './cursor';
import { enumFromValues, graphqlEnumName } from './enums';
import { RoleEnum, ServiceNameEnum, upperCaseNames } from './shared-enums';
import { isCleanText, Text } from './text';

describe('enumFromValues', () => {
  it('names each value by itself when it is a GraphQL name, and maps the others', () => {
    expect(graphqlEnumName('NEW_CONNECTION')).toBe('NEW_CONNECTION');
    expect(graphqlEnumName('AC10KV')).toBe('AC10KV');
    expect(graphqlEnumName('intake-clerk')).toBe('INTAKE_CLERK');
    expect(graphqlEnumName('0.2S')).toBe('_0_2S');
  });

  it('builds { NAME: value } from a const array, keeping the stored strings as values', () => {
    const Kinds = enumFromValues(['NEW_CONNECTION', 'capacity-increase'] as const, 'SpecBusinessKind', 'For the spec');
    expect(Kinds).toEqual({ NEW_CONNECTION: 'NEW_CONNECTION', CAPACITY_INCREASE: 'capacity-increase' });
  });

  it('takes explicit names and refuses names that are not GraphQL names or collide', () => {
    expect(enumFromValues(['0.5S'] as const, 'SpecClass', 'For the spec', { names: { '0.5S': 'CLASS_0_5S' } })).toEqual({
      CLASS_0_5S: '0.5S',
    });
    expect(() => enumFromValues(['a'] as const, 'SpecBad', 'For the spec', { names: { a: '1a' } })).toThrow(
      'not a valid GraphQL enum value name',
    );
    expect(() => enumFromValues(['a-b', 'A_B'] as const, 'SpecClash', 'For the spec')).toThrow('both map to A_B');
  });
});

describe('the shared enums', () => {
  it('name lower-case sets in upper case and keep the stored strings as values', () => {
    expect(upperCaseNames(['intake-clerk', 'customer'])).toEqual({ 'intake-clerk': 'INTAKE_CLERK', customer: 'CUSTOMER' });
    expect(RoleEnum).toMatchObject({ CUSTOMER: 'customer', INTAKE_CLERK: 'intake-clerk', METERING_TECHNICIAN: 'metering-technician' });
    expect(Object.keys(RoleEnum)).toHaveLength(13);
    expect(ServiceNameEnum).toEqual({
      INTAKE: 'intake',
      PLANNING: 'planning',
      INSPECTION: 'inspection',
      CONTRACTS: 'contracts',
      METERING: 'metering',
      NOTIFICATIONS: 'notifications',
    });
  });
});

describe('keyset cursors', () => {
  const parse = (value: unknown) =>
    Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') ? (value as [string, string]) : undefined;

  it('round-trips a position through an opaque base64url cursor', () => {
    const cursor = encodeCursor(['2026-12-06T10:00:00.000Z', 'b5d0']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, parse)).toEqual(['2026-12-06T10:00:00.000Z', 'b5d0']);
  });

  it.each([
    ['garbled', '%%%not-base64%%%'],
    ['not JSON', Buffer.from('{oops', 'utf8').toString('base64url')],
    ['forged position', encodeCursor({ drop: 'table' })],
    ['empty', ''],
  ])('reads a %s cursor as nothing', (_what, cursor) => {
    expect(decodeCursor(cursor, parse)).toBeUndefined();
  });

  it('reports a forged cursor and a bad page size together as VALIDATION_FAILED naming `after` and `first`', () => {
    let thrown: unknown;
    try {
      pageArgs(0, encodeCursor(['only one']), parse);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationFailedError);
    const error = thrown as ValidationFailedError;
    expect(error.extensions.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.extensions.fields?.map((f) => f.field)).toEqual(['first', 'after']);
  });

  it('passes a valid page through', () => {
    expect(pageArgs(20, encodeCursor(['a', 'b']), parse)).toEqual({ first: 20, after: ['a', 'b'] });
    expect(pageArgs(1, undefined, parse)).toEqual({ first: 1, after: undefined });
    expect(pageArgs(1, null, parse)).toEqual({ first: 1, after: undefined });
  });

  it('cuts one row more than asked for into a page whose end cursor continues after its last row', () => {
    const page = toPage([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, (row) => row.id);
    expect(page.edges.map((e) => e.node.id)).toEqual(['a', 'b']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(
      toPage(
        [{ id: 'a' }],
        2,
        (row) => row.id,
        (row) => row.id.toUpperCase(),
      ),
    ).toEqual({
      edges: [{ node: 'A', cursor: encodeCursor('a') }],
      pageInfo: { hasNextPage: false, endCursor: encodeCursor('a') },
    });
    expect(toPage([], 2, () => 'x').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('@Text', () => {
  class Input {
    @Text({ max: 10 })
    reason: string;

    @Text({ max: 5, optional: true })
    note?: string | null;

    @Text({ max: 4, each: true, optional: true })
    items?: string[];

    @Text({ max: 40, optional: true, multiline: true })
    comment?: string;
  }

  const faults = async (values: Partial<Input>) => {
    const input = Object.assign(new Input(), { reason: 'ok', ...values });
    return (await validate(input)).flatMap((e) => Object.values(e.constraints ?? {}));
  };

  it('accepts trimmed non-blank text within the limit, and leaves optional fields out', async () => {
    expect(await faults({ reason: ' why ', note: undefined })).toEqual([]);
    expect(await faults({ note: null })).toEqual([]);
  });

  it('keeps text to one line unless the field is multi-line (messages, comments, reasons)', async () => {
    expect(isCleanText('two\nlines\tand tab')).toBe(false);
    expect(isCleanText('two\r\nlines\tand tab', true)).toBe(true);
    expect(await faults({ reason: 'two\nlines' })).toEqual(['reason must be one line, without line breaks or tabs']);
    expect(await faults({ reason: 'a\tb' })).toEqual(['reason must be one line, without line breaks or tabs']);
    expect(await faults({ comment: 'first line\r\n\tsecond line' })).toEqual([]);
    expect(await faults({ comment: 'a\u0000b' })).toEqual(['comment must not contain control characters']);
    expect(await faults({ items: ['ok', 'a\nb'] })).toEqual(['each of items must be one line, without line breaks or tabs']);
  });

  it('refuses blank text, control characters, text over the limit and non-strings', async () => {
    expect(await faults({ reason: '   ' })).toEqual(['reason must not be blank']);
    expect(await faults({ reason: 'a\u0000b' })).toEqual(['reason must not contain control characters']);
    expect(await faults({ reason: 'a\u001bb' })).toEqual(['reason must not contain control characters']);
    expect(await faults({ reason: 'a\u009bb' })).toEqual(['reason must not contain control characters']);
    expect(await faults({ reason: 'x'.repeat(11) })).toEqual(['reason must be shorter than or equal to 10 characters']);
    expect(await faults({ note: '' })).toEqual(['note must not be blank']);
    expect(await faults({ reason: 42 as unknown as string })).toEqual(expect.arrayContaining(['reason must be a string']));
  });

  it('checks every entry of a list', async () => {
    expect(await faults({ items: ['ok', 'fine'] })).toEqual([]);
    expect(await faults({ items: ['ok', ' '] })).toEqual(['each of items must not be blank']);
    expect(await faults({ items: ['toolong'] })).toEqual(['each value in items must be shorter than or equal to 4 characters']);
  });
});
