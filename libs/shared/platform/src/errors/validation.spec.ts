import { Type } from 'class-transformer';
import { IsDate, ValidateNested } from 'class-validator';
import { ManualTimeSource } from '../service/time-source';
import { ValidationFailedError } from './domain-error';
import { createValidationPipe, MaxDateFromNow, MinDateFromNow, validationTime } from './validation';

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
