import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ACCURACY_CLASSES, METER_STATUSES, METER_TYPES } from './meter-terms';

@ObjectType('Meter', { description: 'A meter asset of the metering inventory; on a case, the meter assigned to it' })
export class MeterView {
  @Field(() => ID, { description: 'Id of the meter (the meterId of metering events)' })
  id: string;

  @Field(() => String, { description: 'Meter (asset) number, unique in the inventory' })
  number: string;

  @Field(() => String, { description: `Meter type: ${METER_TYPES.join(', ')}` })
  type: string;

  @Field(() => String, { description: `Accuracy class: ${ACCURACY_CLASSES.join(', ')}` })
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

  @Field(() => String, { description: `Where the meter stands: ${METER_STATUSES.join(', ')}` })
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

@ObjectType({ description: 'One meter in a list, with its cursor' })
export class MeterEdge {
  @Field(() => MeterView, { description: 'The meter' })
  node: MeterView;

  @Field(() => String, { description: 'Opaque position to pass as `after`' })
  cursor: string;
}

@ObjectType({ description: 'Where a page of meters ends' })
export class MeterPageInfo {
  @Field(() => Boolean, { description: 'True when more meters follow this page' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last meter of the page; null on an empty page' })
  endCursor: string | null;
}

@ObjectType({ description: 'A page of meters, by meter number' })
export class MeterConnection {
  @Field(() => [MeterEdge], { description: 'The meters of the page' })
  edges: MeterEdge[];

  @Field(() => MeterPageInfo, { description: 'Where the page ends' })
  pageInfo: MeterPageInfo;
}
