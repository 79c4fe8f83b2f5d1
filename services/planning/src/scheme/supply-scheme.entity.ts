import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';

export const SCHEME_STATUSES = ['DRAFTED', 'APPROVED', 'REJECTED', 'REPLIED', 'CHANGE_REQUESTED', 'CONFIRMED', 'CANCELLED'] as const;
export type SchemeStatus = (typeof SCHEME_STATUSES)[number];

/**
 * One version of a case's supply scheme (供电方案). Every draft is a new row; earlier
 * versions are kept as they were decided.
 */
@ObjectType({ description: 'One version of the supply scheme (供电方案) of a case; every draft is a new version, earlier ones are kept' })
@Entity({ name: 'supply_scheme' })
@Index('supply_scheme_case_version', ['caseId', 'version'], { unique: true })
export class SupplyScheme {
  @Field(() => ID, { description: 'Id of this version' })
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The case the scheme is for' })
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field(() => Int, { description: 'Version number, 1 for the first draft' })
  @Column('int')
  version: number;

  @Field({ description: 'Supply voltage level, e.g. AC380V or AC10KV' })
  @Column({ name: 'voltage_level', type: 'text' })
  voltageLevel: string;

  @Field(() => Float, { description: 'Granted capacity in kVA' })
  @Column({ name: 'capacity_kva', type: 'numeric', transformer: numericTransformer })
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources: 1 (single) or 2 (dual)' })
  @Column({ name: 'supply_sources', type: 'int' })
  supplySources: number;

  @Field(() => [String], { description: 'Supply points (the feeder or substation bay each source comes from)' })
  @Column({ name: 'supply_points', type: 'text', array: true })
  supplyPoints: string[];

  @Field({ description: 'Metering method: HIGH_SUPPLY_HIGH_METERING, HIGH_SUPPLY_LOW_METERING or LOW_SUPPLY_LOW_METERING' })
  @Column({ name: 'metering_method', type: 'text' })
  meteringMethod: string;

  @Field({ description: 'Tariff category: RESIDENTIAL, GENERAL_INDUSTRIAL_COMMERCIAL, LARGE_INDUSTRIAL or AGRICULTURAL' })
  @Column({ name: 'tariff_category', type: 'text' })
  tariffCategory: string;

  @Field({ description: 'Where the property (and maintenance) boundary between utility and customer lies' })
  @Column({ name: 'property_boundary', type: 'text' })
  propertyBoundary: string;

  @Field(() => String, {
    description:
      'DRAFTED (in approval), APPROVED (every level signed), REJECTED (returned for revision), REPLIED (sent to the customer), CHANGE_REQUESTED (the customer asked for changes), CONFIRMED (by the customer) or CANCELLED (the application was withdrawn)',
  })
  @Column('text')
  status: SchemeStatus;

  @Field({ description: 'Staff id of the planner who drafted this version' })
  @Column({ name: 'drafted_by', type: 'text' })
  draftedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When this version was drafted' })
  @Column({ name: 'drafted_at', type: 'timestamptz' })
  draftedAt: Date;

  @Field(() => String, { description: 'The approval chain it walks: LV (one level), MV (10–20 kV, two) or HV (35 kV and above, three)' })
  @Column({ name: 'approval_chain', type: 'text' })
  approvalChain: string;

  @Field(() => Int, { description: 'How many approval levels it needs' })
  @Column({ name: 'required_levels', type: 'int' })
  requiredLevels: number;

  @Field(() => String, {
    nullable: true,
    description: 'The standard template it was drafted from (fast path); null when drafted by a planner',
  })
  @Column({ name: 'template_id', type: 'text', nullable: true })
  templateId: string | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the approver who signed the last level, or RULE when approved by rule' })
  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When its last level was approved' })
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the approver who rejected it' })
  @Column({ name: 'rejected_by', type: 'text', nullable: true })
  rejectedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was rejected' })
  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected' })
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the planner who replied it to the customer' })
  @Column({ name: 'replied_by', type: 'text', nullable: true })
  repliedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was replied to the customer' })
  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Until when the replied scheme may be confirmed' })
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the customer asked for changes' })
  @Column({ name: 'change_request_reason', type: 'text', nullable: true })
  changeRequestReason: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the customer (or agent) who asked for changes' })
  @Column({ name: 'change_requested_by', type: 'text', nullable: true })
  changeRequestedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer asked for changes' })
  @Column({ name: 'change_requested_at', type: 'timestamptz', nullable: true })
  changeRequestedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the withdrawal of the application cancelled this version' })
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Id of the customer (or agent) who confirmed it' })
  @Column({ name: 'confirmed_by', type: 'text', nullable: true })
  confirmedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer confirmed it' })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;
}
