import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Meter', { description: 'The meter assigned to a case' })
export class MeterView {
  @Field(() => ID, { description: 'Id of the assignment' })
  id: string;

  @Field({ description: 'Meter (asset) number; one meter belongs to one case' })
  number: string;

  @Field({
    description: 'Meter type, e.g. single-phase or three-phase smart meter',
  })
  type: string;

  @Field({ description: 'Accuracy class, e.g. 0.2S, 0.5S, 1 or 2' })
  accuracyClass: string;

  @Field(() => String, {
    nullable: true,
    description: 'Current-transformer ratio, e.g. 200/5, when metered through CTs',
  })
  ctRatio: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Voltage-transformer ratio, e.g. 10000/100, when metered through PTs',
  })
  ptRatio: string | null;

  @Field(() => GraphQLISODateTime, {
    description: 'When the meter was assigned',
  })
  assignedAt: Date;

  @Field({ description: 'Staff id of the metering technician who assigned it' })
  assignedBy: string;
}

@ObjectType('MeterInstallation', {
  description: 'The installation of the meter on site',
})
export class MeterInstallationView {
  @Field(() => GraphQLISODateTime, {
    description: 'When the meter was installed on site',
  })
  installedAt: Date;

  @Field(() => Float, { description: 'Initial register reading in kWh' })
  reading: number;

  @Field(() => [String], {
    description: 'Numbers of the seals fitted to the meter and its terminal cover',
  })
  sealNumbers: string[];

  @Field({
    description: 'Staff id of the metering technician who installed it',
  })
  technicianId: string;

  @Field(() => GraphQLISODateTime, {
    description: 'When the installation was recorded in the system',
  })
  recordedAt: Date;
}

@ObjectType('Metering', {
  description: 'Meter installation and energization (装表接电) of a case, and the gate that must hold before the supply is switched on',
})
export class Metering {
  @Field({
    description: 'Where the case stands in metering: OPEN, METER_ASSIGNED, METER_INSTALLED, ENERGIZED or ARCHIVED',
  })
  status: string;

  @Field({ description: 'Metering method of the confirmed supply scheme' })
  meteringMethod: string;

  @Field(() => MeterView, {
    nullable: true,
    description: 'The assigned meter; null until one is assigned',
  })
  meter: MeterView | null;

  @Field(() => MeterInstallationView, {
    nullable: true,
    description: 'The installation; null until the meter is installed',
  })
  installation: MeterInstallationView | null;

  @Field(() => [String], {
    description: "Gate conditions of the case's process variant: CONTRACT_SIGNED, FEES_SETTLED, METER_INSTALLED, COMPLETION_ACCEPTED",
  })
  requiredConditions: string[];

  @Field(() => [String], {
    description: 'Gate conditions recorded so far, in the order they were recorded',
  })
  recordedConditions: string[];

  @Field(() => [String], {
    description: 'The conditions still missing before the supply may be energized; empty once the gate is open',
  })
  blockedBy: string[];

  @Field({ description: 'True once every gate condition held' })
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
}
