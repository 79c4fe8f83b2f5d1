import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OptionalInputPipe, UuidArgPipe } from '../graphql/id-arg';
import { MultiLine, Text } from '../graphql/text';
import { ManualTimeSource } from '../service/time-source';
import { ValidationFailedError } from './domain-error';
import { createValidationPipe, IsDay, MaxDateFromNow, MinDateFromNow, validationTime } from './validation';

class Window {
  @IsDate()
  @MinDateFromNow(-60_000, { message: 'from must not be in the past' })
  from: Date;

  @IsDate()
  @MaxDateFromNow(86_400_000, { message: 'to must be within a day' })
  to: Date;
}

class Booking {
  @IsDate()
  @MinDateFromNow(0, { message: 'at must be in the future' })
  at: Date;

  @ValidateNested()
  @Type(() => Window)
  window: Window;
}

/** A day long past on the wall clock: only the time source can make these dates "in the future". */
const T0 = new Date('2024-05-06T00:00:00Z');
const booking = () => ({
  at: new Date('2024-05-06T01:00:00Z'),
  window: { from: new Date('2024-05-05T23:59:30Z'), to: new Date('2024-05-06T12:00:00Z') },
});

async function faults(time: ManualTimeSource, value: unknown) {
  try {
    await createValidationPipe(time).transform(value, { type: 'body', metatype: Booking });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return error.extensions.fields;
  }
}

describe('the validation pipe and the time source', () => {
  it('judges dates relative to the service time source, in nested inputs too', async () => {
    const time = new ManualTimeSource(T0);
    expect(await faults(time, booking())).toEqual([]);

    time.set('2024-05-07T00:00:00Z');
    expect(await faults(time, booking())).toEqual([
      { field: 'input.at', message: 'at must be in the future' },
      { field: 'input.window.from', message: 'from must not be in the past' },
    ]);

    time.set('2024-05-05T00:00:00Z');
    expect(await faults(time, booking())).toEqual([{ field: 'input.window.to', message: 'to must be within a day' }]);
  });

  it('returns the input without the time it was judged at among its fields', async () => {
    const value = (await createValidationPipe(new ManualTimeSource(T0)).transform(booking(), {
      type: 'body',
      metatype: Booking,
    })) as Booking;
    expect(value).toBeInstanceOf(Booking);
    expect(Object.keys(value).sort()).toEqual(['at', 'window']);
    expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse(JSON.stringify(booking())));
  });

  it('falls back to the system clock for an input validated outside the pipe', () => {
    const before = Date.now();
    const at = validationTime(undefined).getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});

class Load {
  @IsString()
  name: string;

  @IsNumber()
  kw: number;
}

class Application {
  @IsString()
  siteAddress: string;

  @Text({ max: 100, multiline: true })
  reason: string;

  @IsOptional()
  @IsString()
  @MultiLine()
  comment?: string;

  @IsOptional()
  @IsString()
  @MaxLength(3)
  code?: string;

  @IsNumber()
  capacityKva: number;

  @IsOptional()
  @IsDate()
  wantedAt?: Date;

  @IsOptional()
  @IsDay()
  wantedDate?: string;

  @ValidateNested({ each: true })
  @Type(() => Load)
  loads: Load[];

  @IsString({ each: true })
  points: string[];

  @IsOptional()
  @IsEmail()
  email?: string;
}

const application = (): Record<string, unknown> => ({
  siteAddress: '上海市徐汇区漕溪北路88号',
  reason: 'first line\r\n\tsecond line',
  comment: 'a comment\non two lines',
  capacityKva: 60,
  wantedAt: new Date('2026-12-01T00:00:00Z'),
  wantedDate: '2026-12-01',
  loads: [
    { name: 'pump', kw: 7.5 },
    { name: 'lift', kw: 15 },
  ],
  points: ['P1', 'P2'],
});

async function boundaryFaults(value: Record<string, unknown>) {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Application });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return error.extensions.fields;
  }
}

describe('the validation pipe at the boundary', () => {
  it('lets a clean input through, line breaks in multi-line fields included', async () => {
    expect(await boundaryFaults(application())).toEqual([]);
  });

  it('refuses control characters in every text of an input, at any depth, naming the field', async () => {
    expect(
      await boundaryFaults({
        ...application(),
        siteAddress: 'a\u0000b',
        comment: 'esc \u001b[2J',
        loads: [
          { name: 'pump', kw: 7.5 },
          { name: 'li\u0000ft', kw: 15 },
        ],
        points: ['P1', 'P\u00002'],
      }),
    ).toEqual([
      { field: 'input.siteAddress', message: 'siteAddress must not contain control characters' },
      { field: 'input.comment', message: 'comment must not contain control characters' },
      { field: 'input.loads.1.name', message: 'name must not contain control characters' },
      { field: 'input.points', message: 'each of points must not contain control characters' },
    ]);
  });

  it('refuses a lone surrogate as a field fault, also where a class rule would throw on it', async () => {
    // validator.js's isEmail throws URIError on a lone surrogate: the boundary answers instead.
    expect(await boundaryFaults({ ...application(), email: '\ud800', siteAddress: 'x\udc00' })).toEqual([
      { field: 'input.siteAddress', message: 'siteAddress must be well-formed Unicode text (a lone surrogate is no character)' },
      { field: 'input.email', message: 'email must be well-formed Unicode text (a lone surrogate is no character)' },
    ]);
    expect(await boundaryFaults({ ...application(), email: 'zhang@example.com', comment: '𠀋 and 😀' })).toEqual([]);
  });

  it('keeps single-line fields to one line', async () => {
    expect(await boundaryFaults({ ...application(), siteAddress: 'line one\nline two', points: ['a\tb'] })).toEqual([
      { field: 'input.siteAddress', message: 'siteAddress must be one line, without line breaks or tabs' },
      { field: 'input.points', message: 'each of points must be one line, without line breaks or tabs' },
    ]);
  });

  it('refuses numbers beyond ±1e9 and dates that are not real or outside 2000–2099', async () => {
    expect(
      await boundaryFaults({
        ...application(),
        capacityKva: 1e308,
        wantedAt: new Date('9999-12-31T00:00:00Z'),
        wantedDate: '2026-02-30',
        loads: [{ name: 'pump', kw: -1e12 }],
      }),
    ).toEqual([
      { field: 'input.wantedDate', message: 'wantedDate must be a real calendar date' },
      { field: 'input.capacityKva', message: 'capacityKva must be a number from -1000000000 to 1000000000' },
      { field: 'input.wantedAt', message: 'wantedAt must be a real date from 2000-01-01 to 2099-12-31' },
      { field: 'input.loads.0.kw', message: 'kw must be a number from -1000000000 to 1000000000' },
    ]);
    expect(await boundaryFaults({ ...application(), wantedAt: new Date(NaN), wantedDate: '0001-01-01' })).toEqual([
      { field: 'input.wantedAt', message: 'wantedAt must be a Date instance' },
      { field: 'input.wantedDate', message: 'wantedDate must be a real date from 2000-01-01 to 2099-12-31' },
    ]);
  });

  it('reports a field once: its own rule first, the boundary only where no rule of its own failed', async () => {
    expect(await boundaryFaults({ ...application(), code: 'a\u0000bcd' })).toEqual([
      { field: 'input.code', message: 'code must be shorter than or equal to 3 characters' },
    ]);
    expect(await boundaryFaults({ ...application(), reason: '\u0000' })).toEqual([
      { field: 'input.reason', message: 'reason must not contain control characters' },
    ]);
  });

  it('refuses a text argument with control characters, naming the argument', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform('YK-2026-\u0000', { type: 'custom', data: 'number', metatype: String })).rejects.toMatchObject({
      extensions: { code: 'VALIDATION_FAILED', fields: [{ field: 'number', message: 'number must not contain control characters' }] },
    });
    await expect(pipe.transform('YK-2026-000001', { type: 'custom', data: 'number', metatype: String })).resolves.toBe('YK-2026-000001');
    await expect(pipe.transform(20, { type: 'custom', data: 'first', metatype: Number })).resolves.toBe(20);
  });

  it('holds an input argument whose class reflection lost (`T | undefined` is Object) to the boundary, and OptionalInputArg to its class', async () => {
    const raw = Object.assign(Object.create(null) as Record<string, unknown>, { customerName: '陈\u0000', submittedFrom: new Date(NaN) });
    await expect(createValidationPipe().transform(raw, { type: 'custom', data: 'filter', metatype: Object })).rejects.toMatchObject({
      extensions: {
        fields: [
          { field: 'filter.customerName', message: 'customerName must not contain control characters' },
          { field: 'filter.submittedFrom', message: 'submittedFrom must be a real date from 2000-01-01 to 2099-12-31' },
        ],
      },
    });

    class Filter {
      @IsOptional()
      @MaxLength(3)
      code?: string;
    }
    const pipe = new OptionalInputPipe(() => Filter, 'filter');
    expect(pipe.transform(undefined, { type: 'custom', data: 'filter' })).toBeUndefined();
    await expect(pipe.transform({ code: 'toolong' }, { type: 'custom', data: 'filter', metatype: Object })).rejects.toMatchObject({
      extensions: { fields: [{ field: 'filter.code', message: 'code must be shorter than or equal to 3 characters' }] },
    });
    expect(await pipe.transform({ code: 'ok' }, { type: 'custom', data: 'filter', metatype: Object })).toBeInstanceOf(Filter);
  });

  it('refuses an id argument that is not a UUID, naming the argument', () => {
    const pipe = new UuidArgPipe();
    expect(pipe.transform('6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10', { type: 'custom', data: 'id' })).toBe(
      '6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10',
    );
    expect(pipe.transform(undefined, { type: 'custom', data: 'id' })).toBeUndefined();
    expect(() => pipe.transform('not-a-uuid', { type: 'custom', data: 'caseId' })).toThrow(ValidationFailedError);
    try {
      pipe.transform('not-a-uuid', { type: 'custom', data: 'caseId' });
    } catch (error) {
      expect((error as ValidationFailedError).extensions).toEqual({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'caseId', message: 'caseId must be a UUID' }],
      });
    }
  });
});
