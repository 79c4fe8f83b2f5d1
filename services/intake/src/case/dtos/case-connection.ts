import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional } from 'class-validator';
import { CUSTOMER_CATEGORIES, CustomerCategory } from '@yekuo/shared';
import { APPLICATION_STATUSES, ApplicationStatus } from '../application-state';
import { ConnectionCase } from '../case.entity';

@ObjectType({ description: 'One case in a list, with its cursor' })
export class CaseEdge {
  @Field(() => ConnectionCase)
  node: ConnectionCase;

  @Field({ description: 'Opaque position to pass as `after`' })
  cursor: string;
}

@ObjectType({ description: 'Where a page of a list ends' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ObjectType({ description: 'A page of cases, oldest number first' })
export class CaseConnection {
  @Field(() => [CaseEdge])
  edges: CaseEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@InputType({ description: 'Narrows a list of cases' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'SUBMITTED, RETURNED or ACCEPTED' })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: ApplicationStatus;

  @Field(() => String, { nullable: true, description: 'A customer category' })
  @IsOptional()
  @IsIn(CUSTOMER_CATEGORIES)
  category?: CustomerCategory;
}
