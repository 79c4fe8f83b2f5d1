import { Directive, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CustomerCategory } from '@yekuo/shared';
import type { ApplicationStatus } from './application-state';
import type { BusinessType, Usage, VoltageLevel } from './category';

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
}

@ObjectType({ description: 'One item the front desk needs before it can accept' })
export class ReturnItem {
  @Field({ description: 'What is missing or invalid, e.g. "proof of property"' })
  item: string;

  @Field({ description: 'Why it is needed or what is wrong with it' })
  reason: string;
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

  @Field(() => String, { description: 'Acceptance status at the front desk: SUBMITTED, RETURNED or ACCEPTED' })
  @Column('text')
  status: ApplicationStatus;

  @Field({ description: 'Time-limit policy version the case runs under' })
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion: string;

  @Field(() => Application, { description: 'What the customer applied for' })
  @Column('jsonb')
  application: Application;

  @Field(() => ReturnNotice, { nullable: true, description: 'The latest one notice, while or after the application was returned' })
  @Column({ name: 'return_notice', type: 'jsonb', nullable: true })
  returnNotice: ReturnNotice | null;

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
