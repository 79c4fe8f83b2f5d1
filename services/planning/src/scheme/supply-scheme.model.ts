import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { MeteringMethodEnum, TariffCategoryEnum, VoltageLevelEnum } from '@yekuo/platform';
import { ApprovalChainEnum } from '../enums';
import { SchemeStatus, SchemeStatusEnum } from './supply-scheme.entity';

/** The GraphQL shape of `SupplyScheme` (the entity stays free of GraphQL). */
@ObjectType('SupplyScheme', {
  description: 'One version of the supply scheme (供电方案) of a case; every draft is a new version, earlier ones are kept',
})
export class SupplySchemeModel {
  @Field(() => ID, { description: 'Id of this version' })
  id: string;

  @Field(() => ID, { description: 'The case the scheme is for' })
  caseId: string;

  @Field(() => Int, { description: 'Version number, 1 for the first draft' })
  version: number;

  @Field(() => VoltageLevelEnum, { description: 'Supply voltage level' })
  voltageLevel: string;

  @Field(() => Float, { description: 'Granted capacity in kVA' })
  capacityKva: number;

  @Field(() => Int, { description: 'Number of supply sources: 1 (single) or 2 (dual)' })
  supplySources: number;

  @Field(() => [String], { description: 'Supply points (the feeder or substation bay each source comes from)' })
  supplyPoints: string[];

  @Field(() => MeteringMethodEnum, { description: 'Metering method (计量方式)' })
  meteringMethod: string;

  @Field(() => TariffCategoryEnum, { description: 'Tariff category (电价类别)' })
  tariffCategory: string;

  @Field({ description: 'Where the property (and maintenance) boundary between utility and customer lies' })
  propertyBoundary: string;

  @Field({
    description:
      "Whether the utility must build works outside the customer's site (配套工程 / 外线工程: line extension, road permits) before the supply can be switched on; the customer's confirmation orders them and energization waits for their completion",
  })
  externalWorksRequired: boolean;

  @Field(() => SchemeStatusEnum, {
    description: 'Where this version stands',
  })
  status: SchemeStatus;

  @Field({ description: 'Staff id of the planner who drafted this version' })
  draftedBy: string;

  @Field(() => GraphQLISODateTime, { description: 'When this version was drafted' })
  draftedAt: Date;

  @Field(() => ApprovalChainEnum, {
    description: 'The approval chain it walks: LV (one level), MV (10–20 kV, two) or HV (35 kV and above, three)',
  })
  approvalChain: string;

  @Field(() => Int, { description: 'How many approval levels it needs' })
  requiredLevels: number;

  @Field(() => String, {
    nullable: true,
    description: 'The standard template it was drafted from (fast path); null when drafted by a planner',
  })
  templateId: string | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the approver who signed the last level, or RULE when approved by rule' })
  approvedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When its last level was approved' })
  approvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the approver who rejected it' })
  rejectedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was rejected' })
  rejectedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected' })
  rejectionReason: string | null;

  @Field(() => String, { nullable: true, description: 'Staff id of the planner who replied it to the customer' })
  repliedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was replied to the customer' })
  repliedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Until when the replied scheme may be confirmed' })
  validUntil: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the customer asked for changes' })
  changeRequestReason: string | null;

  @Field(() => String, { nullable: true, description: 'Id of the customer (or agent) who asked for changes' })
  changeRequestedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer asked for changes' })
  changeRequestedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the withdrawal of the application cancelled this version' })
  cancelledAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Id of the customer (or agent) who confirmed it, or RULE when confirmed by rule at its approval (三零)',
  })
  confirmedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was confirmed' })
  confirmedAt: Date | null;
}
