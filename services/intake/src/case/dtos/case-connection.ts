import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsDate, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/events';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state';
import { ConnectionCase } from '../case.entity';
import { CASE_STAGES, CaseStage } from '../case-stage';

@ObjectType({ description: 'One case in a list, with its cursor' })
export class CaseEdge {
  @Field(() => ConnectionCase, { description: 'The case' })
  node: ConnectionCase;

  @Field({ description: 'Opaque position to pass as `after`' })
  cursor: string;
}

@ObjectType({ description: 'Where a page of a list ends' })
export class PageInfo {
  @Field({ description: 'Whether another page follows' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last case on this page; pass it as `after`' })
  endCursor: string | null;
}

@ObjectType({ description: 'A page of cases, most recently submitted first' })
export class CaseConnection {
  @Field(() => [CaseEdge], { description: 'The cases of this page' })
  edges: CaseEdge[];

  @Field(() => PageInfo, { description: 'Where this page ends' })
  pageInfo: PageInfo;
}

@InputType({ description: 'Narrows a list of cases; every filter is served by an index' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'SUBMITTED, RETURNED, ACCEPTED or WITHDRAWN' })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @Field(() => String, { nullable: true, description: 'A customer category' })
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

  @Field(() => String, { nullable: true, description: 'Where the case stands: APPLICATION, SURVEY, ..., ARCHIVED or WITHDRAWN' })
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
