import { Directive, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerCategory, Role } from '@yekuo/events';
import type { ApplicationStatus } from './application-state';
import type { CaseStage } from './case-stage';
import { jsonbDates } from './jsonb-dates.transformer';
import type { BusinessType, Usage, VoltageLevel } from './category';

@ObjectType({ description: 'One load the customer will connect' })
export class LoadItem {
  @Field({ description: 'What the load is, e.g. "air conditioning"' })
  name: string;

  @Field(() => Float, { description: 'Rated power of one unit in kW' })
  kw: number;

  @Field(() => Int, { description: 'How many units' })
  quantity: number;
}

@ObjectType({ description: 'The agent who handles the application under a letter of authorization' })
export class ApplicationAgent {
  @Field({ description: 'Id of the agent (token subject)' })
  agentId: string;

  @Field({ description: 'Id of the authorization document the customer signed for the agent' })
  authorizationDocumentId: string;
}

@ObjectType({ description: 'A clerk set the customer category by hand instead of the derived one' })
export class CategoryOverride {
  @Field(() => String, { description: 'The category the rules derived from voltage, usage and sources' })
  derivedCategory: CustomerCategory;

  @Field(() => String, { description: 'The category the clerk set' })
  category: CustomerCategory;

  @Field({ description: 'Why the derived category does not fit' })
  reason: string;

  @Field({ description: 'Staff id of the clerk' })
  overriddenBy: string;

  @Field({ description: 'When the category was set' })
  overriddenAt: Date;
}

/** What the customer asks for; kept as one document on the case. */
@ObjectType({ description: 'What the customer applied for' })
export class Application {
  @Field({ description: 'Address of the site to connect' })
  siteAddress: string;

  @Field({ description: 'Administrative region code of the site (e.g. 310115)' })
  regionCode: string;

  @Field(() => String, { description: 'Intended use: RESIDENTIAL, COMMERCIAL, INDUSTRIAL, AGRICULTURAL or PUBLIC_SERVICE' })
  usage: Usage;

  @Field(() => String, { description: 'Requested supply voltage: AC220V, AC380V, AC10KV, AC20KV, AC35KV or AC110KV' })
  voltageLevel: VoltageLevel;

  @Field(() => Float, { description: 'Requested capacity in kVA' })
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources asked for (2 = dual source)' })
  supplySources: number;

  @Field(() => String, { nullable: true, description: 'Date the customer wants power by (YYYY-MM-DD)' })
  wantedDate: string | null;

  @Field(() => [LoadItem], { description: 'The loads to connect (required for high voltage)' })
  loads: LoadItem[];

  @Field(() => ApplicationAgent, { nullable: true, description: 'The agent handling the application, if any' })
  agent: ApplicationAgent | null;

  @Field(() => String, { description: 'The category derived from voltage level, usage and supply sources' })
  derivedCategory: CustomerCategory;

  @Field(() => CategoryOverride, { nullable: true, description: 'Set when a clerk overrode the derived category' })
  categoryOverride: CategoryOverride | null;
}

@ObjectType({ description: 'One item the front desk needs before it can accept' })
export class ReturnItem {
  @Field({ description: 'What is missing or invalid, e.g. "proof of property"' })
  item: string;

  @Field({ description: 'Why it is needed or what is wrong with it' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'The checklist slot the item is about, when it is a document' })
  slot?: string | null;

  @Field(() => String, { nullable: true, description: 'The application field the item is about, when it is a field' })
  field?: string | null;
}

/** The one notice (一次性告知) listing everything missing, sent when an application is returned. */
@ObjectType({ description: 'The one notice listing everything the customer must supply (一次性告知)' })
export class ReturnNotice {
  @Field(() => [ReturnItem], { description: 'Every missing or invalid item, all at once' })
  items: ReturnItem[];

  @Field(() => String, { nullable: true, description: "The reviewer's comment, visible to the customer" })
  comment: string | null;

  @Field({ description: 'When the application was returned' })
  returnedAt: Date;

  @Field({ description: 'Staff id of the reviewer' })
  returnedBy: string;

  @Field(() => Int, { description: 'The submission round that was returned (1 = the first submission)' })
  round: number;

  @Field(() => Date, {
    nullable: true,
    description: 'When the customer resubmitted; returnedAt to resubmittedAt is time waiting on the customer',
  })
  resubmittedAt: Date | null;
}

@ObjectType({ description: 'The customer or agent withdrew the application' })
export class Withdrawal {
  @Field({ description: 'Why, in the words of the customer' })
  reason: string;

  @Field({ description: 'Id of the customer or agent who withdrew' })
  withdrawnBy: string;

  @Field(() => String, { description: 'customer or agent' })
  role: Role;

  @Field({ description: 'When the application was withdrawn' })
  withdrawnAt: Date;

  @Field(() => [String], { description: 'The open work intake closed, e.g. "acceptance review"' })
  closedWork: string[];
}

/** A connection case, from application to archive. Intake owns it; other services extend it. */
@ObjectType('Case', { description: 'A connection case (业扩报装), from application to archive' })
@Directive('@key(fields: "id")')
@Entity({ name: 'connection_case' })
export class ConnectionCase {
  @Field(() => ID, { description: 'Case id (uuid)' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Case number, YK-<year>-<6 digits>, gap-free per year' })
  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => String, { description: 'Customer category: LV_RESIDENTIAL, LV_NON_RESIDENTIAL, HV_SINGLE_SOURCE or HV_DUAL_SOURCE' })
  @Column('text')
  category: CustomerCategory;

  @Field(() => String, { description: 'NEW_CONNECTION, CAPACITY_INCREASE or TEMPORARY_SUPPLY' })
  @Column({ name: 'business_type', type: 'text' })
  businessType: BusinessType;

  @Field(() => String, { description: 'Acceptance status at the front desk: SUBMITTED, RETURNED, ACCEPTED or WITHDRAWN' })
  @Column('text')
  status: ApplicationStatus;

  @Field({ description: 'Time-limit policy version the case runs under' })
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Field(() => Application, { description: 'What the customer applied for' })
  @Column({ type: 'jsonb', transformer: jsonbDates })
  application: Application;

  @Field(() => ReturnNotice, { nullable: true, description: 'The latest one notice, while or after the application was returned' })
  @Column({ name: 'return_notice', type: 'jsonb', nullable: true, transformer: jsonbDates })
  returnNotice: ReturnNotice | null;

  @Field(() => [ReturnNotice], { description: 'Every one notice of the case, oldest first, with the time each waited on the customer' })
  @Column({ name: 'return_notices', type: 'jsonb', default: () => "'[]'", transformer: jsonbDates })
  returnNotices: ReturnNotice[];

  @Field(() => String, { description: 'Where the case stands: APPLICATION, SURVEY, ..., ARCHIVED or WITHDRAWN' })
  @Column({ type: 'text', default: 'APPLICATION' })
  stage: CaseStage;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  /** Blind indexes of the customer's name and identity number, copied here so search is one index range scan. */
  @Column({ name: 'customer_name_index', type: 'text', nullable: true })
  customerNameIndex: string | null;

  @Column({ name: 'id_number_index', type: 'text', nullable: true })
  idNumberIndex: string | null;

  @Field(() => Withdrawal, { nullable: true, description: 'Set when the customer withdrew the application' })
  @Column({ type: 'jsonb', nullable: true, transformer: jsonbDates })
  withdrawal: Withdrawal | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** Facts from metering: after energization the application can no longer be withdrawn. */
  @Column({ name: 'energized_at', type: 'timestamptz', nullable: true })
  energizedAt: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Field(() => Int, { description: 'How many times the application has been submitted (1 + resubmissions)' })
  @Column({ name: 'submission_round', type: 'int', default: 1 })
  submissionRound: number;

  @Field({ description: 'When the application was first submitted' })
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the front desk accepted the application' })
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
