import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '@yekuo/platform';
import { AccuracyClassEnum, MeterStatusEnum, MeterTypeEnum } from '../enums';

@ObjectType('Meter', { description: 'A meter asset of the metering inventory; on a case, the meter assigned to it' })
export class MeterView {
  @Field(() => ID, { description: 'Id of the meter (the meterId of metering events)' })
  id: string;

  @Field(() => String, { description: 'Meter (asset) number, unique in the inventory' })
  number: string;

  @Field(() => MeterTypeEnum, { description: 'Meter type' })
  type: string;

  @Field(() => AccuracyClassEnum, { description: 'Accuracy class' })
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

  @Field(() => MeterStatusEnum, { description: 'Where the meter stands' })
  status: string;

  @Field(() => GraphQLISODateTime, { description: 'When the meter was registered in the inventory' })
  registeredAt: Date;

  @Field(() => String, { description: 'Staff id of who registered it' })
  registeredBy: string;

  @Field(() => ID, { nullable: true, description: 'The case the meter is assigned to; null while in stock or retired' })
  caseId: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the meter was assigned to that case' })
  assignedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the metering technician who assigned it' })
  assignedBy: string | null;

  @Field(() => Boolean, {
    description: 'True when the case was withdrawn after the meter was installed: it is to be removed from site before it can serve again',
  })
  removalRequired: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the meter was retired from service' })
  retiredAt: Date | null;
}

@ObjectType({ description: 'A page of meters, by meter number' })
export class MeterConnection extends Connection(MeterView, {
  name: 'Meter',
  edgeDescription: 'One meter in a list, with its cursor',
  edgesDescription: 'The meters of the page',
}) {}
