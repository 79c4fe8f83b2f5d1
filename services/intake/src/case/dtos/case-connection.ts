import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '@yekuo/platform';
import { IsDate, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state';
import { CASE_STAGES, CaseStage } from '../case-stage';
import { ApplicationStatusEnum, CaseStageEnum } from '../../enums';
import { CustomerCategoryEnum } from '@yekuo/platform';
import { CaseModel } from '../case.model';

@ObjectType({ description: 'A page of cases, most recently submitted first' })
export class CaseConnection extends Connection(CaseModel, {
  name: 'Case',
  edgeDescription: 'One case in a list, with its cursor',
  edgesDescription: 'The cases of this page',
}) {}

@InputType({ description: 'Narrows a list of cases; every filter is served by an index' })
export class CaseFilter {
  @Field(() => ApplicationStatusEnum, { nullable: true, description: 'Acceptance status' })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @Field(() => CustomerCategoryEnum, { nullable: true, description: 'A customer category' })
  @IsOptional()
  @IsIn(CUSTOMER_CATEGORIES)
  category?: CustomerCategory;

  @Field({ nullable: true, description: 'Exact case number, e.g. YK-2026-000001' })
  @IsOptional()
  @Matches(/^YK-\d{4}-\d{6}$/, { message: 'must be a case number like YK-2026-000001' })
  number?: string;

  @Field({ nullable: true, description: 'Exact customer name (matched through a keyed index of the normalized name)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customerName?: string;

  @Field({ nullable: true, description: 'Identity document number of the customer (matched through a keyed index)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  idNumber?: string;

  @Field(() => CaseStageEnum, { nullable: true, description: 'Where the case stands' })
  @IsOptional()
  @IsIn(CASE_STAGES)
  stage?: CaseStage;

  @Field({ nullable: true, description: 'Region code of the site, e.g. 310115' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'must be a 6-digit region code' })
  regionCode?: string;

  @Field(() => Date, { nullable: true, description: 'Submitted at or after this time' })
  @IsOptional()
  @IsDate()
  submittedFrom?: Date;

  @Field(() => Date, { nullable: true, description: 'Submitted before this time' })
  @IsOptional()
  @IsDate()
  submittedBefore?: Date;
}
