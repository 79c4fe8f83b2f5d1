import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * The case as inspection sees it in the graph: intake owns `Case`; inspection only
 * knows its key and adds its own fields (design review, inspections, acceptance).
 */
@ObjectType({
  description:
    'A connection case (业扩报装); owned by intake, extended here with design review, construction, intermediate inspection and completion acceptance',
})
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'Case id' })
  id: string;
}
