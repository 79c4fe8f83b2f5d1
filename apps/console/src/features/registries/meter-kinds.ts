import type { AccuracyClass, MeterType } from '../../graphql/schema';

/** The meter types, in the order a form offers them. */
export const METER_TYPES: MeterType[] = ['SINGLE_PHASE', 'THREE_PHASE_DIRECT', 'THREE_PHASE_CT', 'HV_CT_PT'];

/** The accuracy classes, in the order a form offers them. */
export const ACCURACY_CLASSES: AccuracyClass[] = [
  'CLASS_0_2S',
  'CLASS_0_5S',
  'CLASS_0_2',
  'CLASS_0_5',
  'CLASS_1',
  'CLASS_2',
  'CLASS_D',
  'CLASS_C',
  'CLASS_B',
  'CLASS_A',
];

/** A meter of this type is wired through current transformers: its CT ratio is asked for. */
export const needsCt = (type?: MeterType) => type === 'THREE_PHASE_CT' || type === 'HV_CT_PT';

/** A meter of this type is wired through voltage transformers too: its PT ratio is asked for. */
export const needsPt = (type?: MeterType) => type === 'HV_CT_PT';
