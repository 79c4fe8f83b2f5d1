import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * The case as contracts sees it in the graph: intake owns `Case`; contracts only
 * knows its key and adds its own fields (contract, fees).
 */
@ObjectType({
  description: 'A connection case (业扩报装); owned by intake, extended here with the supply-use contract and the business fees',
})
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'Case id' })
  id: string;
}
