import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const UNIT_CHANGE_KINDS = ['REGISTERED', 'UPDATED', 'SUSPENDED', 'UNSUSPENDED'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];

/** One field of a change, its values as JSON text (null when the field had no value). */
@ObjectType({ description: 'One field of a registry change, its values as JSON text' })
export class UnitFieldChange {
  @Field({ description: 'The field changed, e.g. validUntil' })
  field: string;

  @Field(() => String, { nullable: true, description: 'Value before, as JSON text; null on registration' })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'Value after, as JSON text' })
  to: string | null;
}

/** One recorded change of a construction unit: who, when, and each field from → to. */
@ObjectType({ description: 'One change of a construction unit in the registry: who, when, what changed' })
@Entity({ name: 'construction_unit_change' })
@Index('construction_unit_change_unit', ['unitId', 'changedAt'])
export class ConstructionUnitChange {
  @Field(() => ID, { description: 'Id of the change' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The unit changed' })
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Field(() => String, { description: 'REGISTERED, UPDATED, SUSPENDED or UNSUSPENDED' })
  @Column('text')
  kind: UnitChangeKind;

  @Field({ description: 'Staff id of who changed it' })
  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Field({ description: 'Role they changed it in' })
  @Column({ name: 'changed_by_role', type: 'text' })
  changedByRole: string;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;

  @Field(() => [UnitFieldChange], { description: 'Each field changed, with its value before and after' })
  @Column('jsonb')
  changes: UnitFieldChange[];

  @Field(() => String, { nullable: true, description: 'Why, when stated (always for a suspension)' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
