import { createValidationPipe, ValidationFailedError } from '@yekuo/platform';
import { RecordMeterInstallationInput, RecordMeterRemovalInput } from './installation.inputs';

/** The fields the validation pipe names for an input, or none when it passes. */
async function faultsOf(metatype: new () => object, value: Record<string, unknown>): Promise<string[]> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype });
    return [];
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return (error.extensions.fields ?? []).map((f) => f.field);
  }
}

const installation = (reading: number) => ({
  caseId: '6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10',
  installedAt: new Date(Date.now() - 60_000),
  reading,
  sealNumbers: ['S-1'],
});
const removal = (reading: number) => ({
  caseId: '6f1c1c2e-7f1b-4f7e-9a51-2b8e4c3d2a10',
  removedAt: new Date(Date.now() - 60_000),
  reading,
});

describe('meter readings: at most 4 decimals, however JavaScript writes the number', () => {
  it('refuses a reading in exponent form with more decimals as VALIDATION_FAILED, not an internal error', async () => {
    for (const reading of [Number.MIN_VALUE, 1e-7, 1.5e-7]) {
      expect(await faultsOf(RecordMeterInstallationInput, installation(reading))).toEqual(['input.reading']);
      expect(await faultsOf(RecordMeterRemovalInput, removal(reading))).toEqual(['input.reading']);
    }
  });

  it('takes readings with up to 4 decimals', async () => {
    for (const reading of [0, 12.3456, 1e9]) {
      expect(await faultsOf(RecordMeterInstallationInput, installation(reading))).toEqual([]);
      expect(await faultsOf(RecordMeterRemovalInput, removal(reading))).toEqual([]);
    }
  });
});
