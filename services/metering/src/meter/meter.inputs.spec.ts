import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AssignMeterInput, RegisterMeterInput } from './meter.inputs';

/** The fields at fault and their messages, as the input pipe reports them. */
async function faults<T extends object>(type: new () => T, input: Record<string, unknown>): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(type, input), { whitelist: true, stopAtFirstError: false });
  return Object.fromEntries(errors.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('registering a meter', () => {
  it('takes each meter type with exactly the transformer ratios it is connected through', async () => {
    expect(await faults(RegisterMeterInput, { number: '3300000000001', type: 'SINGLE_PHASE', accuracyClass: '2' })).toEqual({});
    expect(await faults(RegisterMeterInput, { number: 'M-1', type: 'THREE_PHASE_CT', accuracyClass: '0.5S', ctRatio: '300/5' })).toEqual(
      {},
    );
    expect(
      await faults(RegisterMeterInput, { number: 'M-2', type: 'HV_CT_PT', accuracyClass: '0.2S', ctRatio: '50/5', ptRatio: '10000/100' }),
    ).toEqual({});
  });

  it('names the missing ratios of an HV meter with their rules', async () => {
    expect(await faults(RegisterMeterInput, { number: 'M-3', type: 'HV_CT_PT', accuracyClass: '0.2S' })).toEqual({
      ctRatio: [expect.stringContaining('(rule METER_TYPE_CT_RATIO)')],
      ptRatio: [expect.stringContaining('(rule METER_TYPE_PT_RATIO)')],
    });
  });

  it('refuses ratios on a direct-connected meter, and malformed ratios on any', async () => {
    expect(
      await faults(RegisterMeterInput, { number: 'M-4', type: 'THREE_PHASE_DIRECT', accuracyClass: '1', ptRatio: '10000/100' }),
    ).toEqual({
      ptRatio: [expect.stringContaining('leave the voltage transformer ratio out')],
    });
    expect(
      await faults(RegisterMeterInput, { number: 'M-5', type: 'HV_CT_PT', accuracyClass: '0.2S', ctRatio: '50:5', ptRatio: '0/100' }),
    ).toEqual({
      ctRatio: ['ctRatio must be primary/secondary, e.g. 200/5'],
      ptRatio: ['ptRatio must be primary/secondary, e.g. 10000/100'],
    });
  });

  it('reports every field at fault at once', async () => {
    expect(Object.keys(await faults(RegisterMeterInput, { number: '-x', type: 'SMART', accuracyClass: '3', ctRatio: 'x' })).sort()).toEqual(
      ['accuracyClass', 'ctRatio', 'number', 'type'],
    );
  });
});

describe('naming the meter to assign', () => {
  const caseId = '7d4f2c1e-9a55-4c1b-8e3a-2f6b1d0c9e77';

  it('takes the meter by id or by number', async () => {
    expect(await faults(AssignMeterInput, { caseId, meterId: '0b8e4a57-3c2d-4f61-9a0e-5d7c3b2a1f90' })).toEqual({});
    expect(await faults(AssignMeterInput, { caseId, meterNumber: '3300000000001' })).toEqual({});
  });

  it('needs exactly one of them', async () => {
    expect(await faults(AssignMeterInput, { caseId })).toEqual({ meterId: ['give the meter by meterId or meterNumber'] });
    expect(await faults(AssignMeterInput, { caseId, meterId: '0b8e4a57-3c2d-4f61-9a0e-5d7c3b2a1f90', meterNumber: 'M-1' })).toEqual({
      meterId: ['give the meter by meterId or meterNumber, not both'],
    });
    expect(await faults(AssignMeterInput, { caseId, meterId: 'M-1' })).toEqual({ meterId: ['meterId must be a UUID'] });
  });
});
