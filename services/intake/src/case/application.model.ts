import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { CustomerCategory, Role } from '@yekuo/events';
import type { Usage, VoltageLevel } from './category';
import { CustomerCategoryEnum, RoleEnum, UsageEnum, VoltageLevelEnum } from '@yekuo/platform';
import { DocumentSlotEnum } from '../enums';

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
  @Field(() => CustomerCategoryEnum, { description: 'The category the rules derived from voltage, usage and sources' })
  derivedCategory: CustomerCategory;

  @Field(() => CustomerCategoryEnum, { description: 'The category the clerk set' })
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

  @Field(() => UsageEnum, { description: 'Intended use of the supply' })
  usage: Usage;

  @Field(() => VoltageLevelEnum, { description: 'Requested supply voltage' })
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

  @Field(() => CustomerCategoryEnum, { description: 'The category derived from voltage level, usage and supply sources' })
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

  @Field(() => DocumentSlotEnum, { nullable: true, description: 'The checklist slot the item is about, when it is a document' })
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

  @Field(() => RoleEnum, { description: 'The role they withdrew in: CUSTOMER or AGENT' })
  role: Role;

  @Field({ description: 'When the application was withdrawn' })
  withdrawnAt: Date;

  @Field(() => [String], { description: 'The open work intake closed, e.g. "acceptance review"' })
  closedWork: string[];
}
