import { Field, Float, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { MeterView } from '../meter/meter.model';
import { GateConditionEnum, InstallationOrderStatusEnum, InstallationStatusEnum, MeteringStatusEnum } from '../enums';
import { MeteringMethodEnum } from '@yekuo/platform';
import { GateCondition } from '@yekuo/policy';

@ObjectType('InstallationOrderChange', { description: 'One scheduling of an installation order: the first, then each rescheduling' })
export class InstallationOrderChangeView {
  @Field(() => String, { description: 'Staff id of the technician who is to install' })
  technicianId: string;

  @Field(() => GraphQLISODateTime, { description: 'The appointment' })
  scheduledAt: Date;

  @Field(() => String, { nullable: true, description: 'Why it was rescheduled; null for the first scheduling' })
  reason: string | null;

  @Field(() => String, { description: 'Staff id of who scheduled it' })
  changedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was scheduled' })
  changedAt: Date;
}

@ObjectType('InstallationOrder', { description: 'The work order to install the meter: technician and appointment' })
export class InstallationOrderView {
  /** The case of the order (not a field: the case is the parent); `history` is read by it. */
  caseId: string;

  @Field(() => InstallationOrderStatusEnum, {
    description: 'Where the order stands',
  })
  status: string;

  @Field(() => String, { description: 'Staff id of the technician who is to install the meter' })
  technicianId: string;

  @Field(() => GraphQLISODateTime, { description: 'The appointment on site' })
  scheduledAt: Date;

  @Field(() => String, { description: 'Staff id of who scheduled the order first' })
  scheduledBy: string;

  /** Read when asked, by `InstallationOrderResolver`. */
  @Field(() => [InstallationOrderChangeView], { description: 'Every scheduling of the order, oldest first' })
  history: InstallationOrderChangeView[];
}

/** An installation order as its parent answers it: `history` is read when asked. */
export type InstallationOrderParent = Omit<InstallationOrderView, 'history'>;

@ObjectType('MeterInstallation', {
  description: 'The installation of the meter on site: its order, then what was installed, when and by whom',
})
export class MeterInstallationView {
  @Field(() => InstallationStatusEnum, {
    description: 'Where the installation stands',
  })
  status: string;

  @Field(() => InstallationOrderView, {
    nullable: true,
    description: 'The installation order; null for an installation recorded before orders were kept',
  })
  order: InstallationOrderView | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the meter was installed on site; null until it is' })
  installedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Register reading at installation in kWh; null until installed' })
  reading: number | null;

  @Field(() => [String], { description: 'Numbers of the seals fitted to the meter and its terminal cover; empty until installed' })
  seals: string[];

  @Field(() => [String], {
    description: 'Numbers of the seals fitted; the same as `seals`',
    deprecationReason: 'Use `seals`.',
  })
  sealNumbers: string[];

  @Field(() => String, { nullable: true, description: 'Staff id of the metering technician who installed it; null until installed' })
  technicianId: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the installation was recorded in the system' })
  recordedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of who recorded the installation' })
  recordedBy: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the meter was taken off site after the case was withdrawn; null while it is in place',
  })
  removedAt: Date | null;

  @Field(() => Float, { nullable: true, description: 'Register reading in kWh when the meter was removed' })
  removalReading: number | null;
}

/** The installation as `Metering.installation` answers it: its order without the history. */
export type MeterInstallationParent = Omit<MeterInstallationView, 'order'> & { order: InstallationOrderParent | null };

@ObjectType('MeteringCancellation', { description: "How the customer's withdrawal cancelled the case in metering" })
export class MeteringCancellationView {
  @Field(() => GraphQLISODateTime, { description: 'When metering cancelled the case' })
  cancelledAt: Date;

  @Field(() => String, { description: 'The reason the customer gave for the withdrawal' })
  reason: string;

  @Field(() => String, { description: 'Id of the customer or agent who withdrew' })
  cancelledBy: string;

  @Field(() => MeteringStatusEnum, { description: 'Where the case stood in metering when it was cancelled' })
  cancelledFrom: string;

  @Field(() => [String], {
    description:
      'The open work metering closed: METER_ASSIGNMENT (the meter went back to stock), INSTALLATION_ORDER, ENERGIZATION, ENERGIZATION_CLOCK (the running time-limit clock, ended CANCELLED); an installed meter stays on site, flagged removalRequired on `meter`',
  })
  cancelledWork: string[];
}

@ObjectType('Metering', {
  description: 'Meter installation and energization (装表接电) of a case, and the gate that must hold before the supply is switched on',
})
export class Metering {
  /** The case this view belongs to (not a field: the case is the parent); the fields read apart from the case row read by it. */
  caseId: string;

  /** The terms the case's signed contract must carry (not a field): whether a recorded signature holds depends on them. */
  contractTermsVersion: number | null;

  @Field(() => MeteringStatusEnum, {
    description: 'Where the case stands in metering',
  })
  status: string;

  @Field(() => MeteringMethodEnum, {
    nullable: true,
    description: 'Metering method of the confirmed supply scheme; null when the case was withdrawn before the scheme was confirmed',
  })
  meteringMethod: string | null;

  /** Read when asked, as are `installation`, `recordedConditions` and `blockedBy` (MeteringResolver). */
  @Field(() => MeterView, {
    nullable: true,
    description: 'The assigned meter; null until one is assigned, and again once a withdrawal sent it back to stock',
  })
  meter: MeterView | null;

  @Field(() => MeterInstallationView, {
    nullable: true,
    description: 'The installation order and the installation; null until the installation is scheduled',
  })
  installation: MeterInstallationView | null;

  @Field(() => [GateConditionEnum], {
    description:
      "Gate conditions of the case's process variant, with EXTERNAL_WORKS_COMPLETED when its confirmed scheme needs the utility's external works (empty when the case was withdrawn before the scheme was confirmed)",
  })
  requiredConditions: string[];

  @Field(() => [GateConditionEnum], {
    description:
      'Gate conditions that hold so far, in the order they were recorded; CONTRACT_SIGNED only once a contract carrying the terms the case needs (under 三零, those of its latest changed scheme) is fully signed',
  })
  recordedConditions: string[];

  @Field(() => [GateConditionEnum], {
    description: 'The conditions still missing before the supply may be energized; empty once the gate is open or the case is cancelled',
  })
  blockedBy: string[];

  @Field(() => Boolean, { description: 'True once every gate condition held' })
  gateOpen: boolean;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the last gate condition was recorded and the gate opened',
  })
  gateOpenedAt: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the supply was switched on',
  })
  energizedAt: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the case was archived (归档)',
  })
  archivedAt: Date | null;

  @Field(() => MeteringCancellationView, {
    nullable: true,
    description: 'The cancellation by withdrawal; null unless the status is CANCELLED',
  })
  cancellation: MeteringCancellationView | null;
}

/** The fields of `Metering` that need tables beyond the case row: `MeteringResolver` reads them when they are asked. */
export type LazyMeteringField = 'meter' | 'installation' | 'recordedConditions' | 'blockedBy';

/** `Metering` as `Case.metering` answers it: what the case row holds, and the case id the lazy fields read by. */
export type MeteringParent = Omit<Metering, LazyMeteringField | 'requiredConditions'> & { requiredConditions: GateCondition[] };
