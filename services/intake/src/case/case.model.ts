import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { CustomerCategory, ProcessVariantName } from '@yekuo/events';
import type { ApplicationStatus } from './application-state';
import type { CaseStage } from './case-stage';
import type { BusinessType } from './category';
import { BusinessTypeEnum, CustomerCategoryEnum, ProcessVariantEnum } from '@yekuo/platform';
import { ApplicationStatusEnum, CaseStageEnum } from '../enums';
import { Application, ReturnNotice, Withdrawal } from './application.model';

/** The GraphQL shape of `ConnectionCase` (the entity stays free of GraphQL). */
@ObjectType('Case', { description: 'A connection case (业扩报装), from application to archive' })
@Directive('@key(fields: "id")')
export class CaseModel {
  @Field(() => ID, { description: 'Case id (uuid)' })
  id: string;

  @Field({ description: 'Case number, YK-<year>-<6 digits>, gap-free per year' })
  number: string;

  @Field(() => CustomerCategoryEnum, { description: 'Customer category: picks the process variant, the gate and the time limits' })
  category: CustomerCategory;

  @Field(() => BusinessTypeEnum, { description: 'What the application asks for' })
  businessType: BusinessType;

  @Field(() => ApplicationStatusEnum, { description: 'Acceptance status at the front desk' })
  status: ApplicationStatus;

  @Field({ description: 'Time-limit policy version the case runs under' })
  policyVersion: string;

  @Field(() => Application, { description: 'What the customer applied for' })
  application: Application;

  @Field(() => ReturnNotice, { nullable: true, description: 'The latest one notice, while or after the application was returned' })
  returnNotice: ReturnNotice | null;

  @Field(() => [ReturnNotice], { description: 'Every one notice of the case, oldest first, with the time each waited on the customer' })
  returnNotices: ReturnNotice[];

  @Field(() => CaseStageEnum, {
    description: 'Where the case stands; the same as `journey.currentStage`',
    deprecationReason: 'Use `journey.currentStage`.',
  })
  stage: CaseStage;

  @Field(() => Withdrawal, { nullable: true, description: 'Set when the customer withdrew the application' })
  withdrawal: Withdrawal | null;

  @Field(() => Int, { description: 'How many times the application has been submitted (1 + resubmissions)' })
  submissionRound: number;

  @Field({ description: 'When the application was first submitted' })
  submittedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the front desk accepted the application' })
  acceptedAt: Date | null;

  @Field(() => ProcessVariantEnum, {
    nullable: true,
    description:
      'The process the case walks now: the variant it was accepted under, or PRE_REFORM once planning said its scheme no longer qualifies for 三零. Cases accepted before variants were walked show PRE_REFORM; null before acceptance',
  })
  processVariant: ProcessVariantName | null;
}
