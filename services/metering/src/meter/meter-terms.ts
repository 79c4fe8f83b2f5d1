/**
 * Vocabulary of meters (data, not code branches). Accuracy classes of electricity
 * meters in use (GB/T 17215, DL/T 448): 0.2S and 0.5S for CT/PT-connected metering
 * points of large customers, 0.5, 1 and 2 elsewhere; D, C, B, A are the classes of
 * the newer IR 46 based standard.
 */
export const ACCURACY_CLASSES = ['0.2S', '0.5S', '0.2', '0.5', '1', '2', 'D', 'C', 'B', 'A'] as const;
export type AccuracyClass = (typeof ACCURACY_CLASSES)[number];

/** An instrument-transformer ratio, primary/secondary, e.g. 200/5 (CT) or 10000/100 (PT). */
export const TRANSFORMER_RATIO = /^[1-9]\d{0,6}(\.\d{1,3})?\/[1-9]\d{0,4}(\.\d{1,3})?$/;

/**
 * Meter types by how they connect: single-phase direct; three-phase direct (up to
 * about 60 A); three-phase low-voltage through current transformers; high-voltage
 * through current and voltage transformers.
 */
export const METER_TYPES = ['SINGLE_PHASE', 'THREE_PHASE_DIRECT', 'THREE_PHASE_CT', 'HV_CT_PT'] as const;
export type MeterType = (typeof METER_TYPES)[number];

/** Whether a type of meter needs a transformer ratio (REQUIRED) or must not have one (NONE). */
export type RatioRule = 'REQUIRED' | 'NONE';

/** The instrument transformers each meter type is connected through (data). */
export const METER_TYPE_TRANSFORMERS: Record<MeterType, { ctRatio: RatioRule; ptRatio: RatioRule }> = {
  SINGLE_PHASE: { ctRatio: 'NONE', ptRatio: 'NONE' },
  THREE_PHASE_DIRECT: { ctRatio: 'NONE', ptRatio: 'NONE' },
  THREE_PHASE_CT: { ctRatio: 'REQUIRED', ptRatio: 'NONE' },
  HV_CT_PT: { ctRatio: 'REQUIRED', ptRatio: 'REQUIRED' },
};

/** Where a meter asset stands: in the store, assigned to a case, installed on site, or out of service for good. */
export const METER_STATUSES = ['IN_STOCK', 'ASSIGNED', 'INSTALLED', 'RETIRED'] as const;
export type MeterStatus = (typeof METER_STATUSES)[number];
