import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';
import type { QualificationClass } from './qualification-classes';

/**
 * A construction unit (施工单位) in the registry planners keep: the units a customer
 * may be recommended to build their connection.
 */
@ObjectType({ description: 'A licensed construction unit (施工单位) in the registry; customers are recommended units from it' })
@Entity({ name: 'construction_unit' })
@Unique('construction_unit_licence', ['licenceNumber'])
export class ConstructionUnit {
  @Field(() => ID, { description: 'Id of the unit' })
  @PrimaryColumn('uuid')
  id: string;

  @Field({ description: 'Registered name of the unit' })
  @Column('text')
  name: string;

  @Field({ description: 'Number of its licence (承装(修、试)电力设施许可证)' })
  @Column({ name: 'licence_number', type: 'text' })
  licenceNumber: string;

  @Field(() => String, { description: 'Qualification class: CLASS_1 (一级, highest) … CLASS_5 (五级, lowest)' })
  @Column({ name: 'qualification_class', type: 'text' })
  qualificationClass: QualificationClass;

  @Field(() => Float, { description: 'Highest voltage it may build for, in kV (its voltage scope)' })
  @Column({ name: 'max_voltage_kv', type: 'numeric', transformer: numericTransformer })
  maxVoltageKv: number;

  @Field(() => Float, { nullable: true, description: 'Largest capacity it may build for, in kVA; null when its class alone limits it' })
  @Column({ name: 'max_capacity_kva', type: 'numeric', nullable: true, transformer: numericTransformer })
  maxCapacityKva: number | null;

  @Field(() => [String], { description: 'Region codes it serves' })
  @Column({ type: 'text', array: true })
  regions: string[];

  @Field({ description: 'Last day its licence is valid (YYYY-MM-DD); it is never recommended after that day' })
  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Field({ description: 'Suspended units are never recommended' })
  @Column({ type: 'boolean', default: false })
  suspended: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is suspended' })
  @Column({ name: 'suspension_reason', type: 'text', nullable: true })
  suspensionReason: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was last offered to a customer; null when never' })
  @Column({ name: 'last_recommended_at', type: 'timestamptz', nullable: true })
  lastRecommendedAt: Date | null;

  @Field(() => Int, { description: 'How many recommendations offered it' })
  @Column({ name: 'times_recommended', type: 'int', default: 0 })
  timesRecommended: number;

  @Field({ description: 'Staff id of who registered it' })
  @Column({ name: 'registered_by', type: 'text' })
  registeredBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was registered' })
  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  @Field({ description: 'Staff id of who changed it last' })
  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was changed last' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
