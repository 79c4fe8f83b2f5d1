import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '@yekuo/platform';
import { UnitChangeKind, UnitChangeKindEnum } from './construction-unit-change.entity';
import { UnitFieldChange } from './unit-field-change.model';

/** The GraphQL shape of `ConstructionUnitChange` (the entity stays free of GraphQL). */
@ObjectType('ConstructionUnitChange', { description: 'One change of a construction unit in the registry: who, when, what changed' })
export class ConstructionUnitChangeModel {
  @Field(() => ID, { description: 'Id of the change' })
  id: string;

  @Field(() => ID, { description: 'The unit changed' })
  unitId: string;

  @Field(() => UnitChangeKindEnum, { description: 'What the change did' })
  kind: UnitChangeKind;

  @Field({ description: 'Staff id of who changed it' })
  changedBy: string;

  @Field(() => RoleEnum, { description: 'Role they changed it in' })
  changedByRole: string;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  changedAt: Date;

  @Field(() => [UnitFieldChange], { description: 'Each field changed, with its value before and after' })
  changes: UnitFieldChange[];

  @Field(() => String, { nullable: true, description: 'Why, when stated (always for a suspension)' })
  reason: string | null;
}
