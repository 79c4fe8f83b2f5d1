import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * The case as planning sees it in the graph: intake owns `Case`; planning only
 * knows its key and adds its own fields (survey, scheme, ...).
 */
@ObjectType({ description: 'A connection case (业扩报装); owned by intake, extended here with site survey and supply scheme' })
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'Case id' })
  id: string;
}
