import { enumFromValues } from '@yekuo/platform';
import { GATE_CONDITIONS } from '@yekuo/policy';
import { INSTALLATION_ORDER_STATUSES } from './installation/installation-order.state-machine';
import { ACCURACY_CLASSES, METER_STATUSES, METER_TYPES } from './meter/meter-terms';
import { METERING_STATUSES } from './metering-case/metering-case.state-machine';

// Metering's closed sets as GraphQL enums.

export const MeterTypeEnum = enumFromValues(METER_TYPES, 'MeterType', 'Meter type', {
  valueDescriptions: {
    THREE_PHASE_CT: 'Three-phase through current transformers (needs ctRatio)',
    HV_CT_PT: 'High voltage through CTs and PTs (needs both ratios)',
  },
});

/**
 * Accuracy classes are printed as `0.2S`, `1`, `D`…, which are not GraphQL names: the graph
 * names each `CLASS_<class>` with `.` written as `_` (`0.2S` is CLASS_0_2S); stored values keep the printed form.
 */
export const AccuracyClassEnum = enumFromValues(
  ACCURACY_CLASSES,
  'AccuracyClass',
  'Accuracy class of a meter, named CLASS_<class> with `.` as `_` (CLASS_0_2S is class 0.2S)',
  {
    names: Object.fromEntries(ACCURACY_CLASSES.map((c) => [c, `CLASS_${c.replace('.', '_')}`])),
    valueDescriptions: Object.fromEntries(ACCURACY_CLASSES.map((c) => [c, `Class ${c}`])),
  },
);

export const MeterStatusEnum = enumFromValues(METER_STATUSES, 'MeterStatus', 'Where a meter of the inventory stands');

export const MeteringStatusEnum = enumFromValues(METERING_STATUSES, 'MeteringStatus', 'Where a case stands in metering', {
  valueDescriptions: {
    AWAITING_SCHEME: 'Waiting for the confirmed supply scheme (never shown on a case)',
    CANCELLED: 'The application was withdrawn',
  },
});

export const GateConditionEnum = enumFromValues(GATE_CONDITIONS, 'GateCondition', 'A condition of the energization gate');

export const InstallationOrderStatusEnum = enumFromValues(
  INSTALLATION_ORDER_STATUSES,
  'InstallationOrderStatus',
  'Where an installation order stands',
  {
    valueDescriptions: { COMPLETED: 'Completed by the installation', CANCELLED: 'Cancelled by a withdrawal' },
  },
);

export const INSTALLATION_STATUSES = ['SCHEDULED', 'INSTALLED', 'CANCELLED'] as const;

export const InstallationStatusEnum = enumFromValues(
  INSTALLATION_STATUSES,
  'MeterInstallationStatus',
  'Where the installation of the meter stands',
  {
    valueDescriptions: { SCHEDULED: 'Ordered, not installed yet', CANCELLED: 'The case was withdrawn before installation' },
  },
);
