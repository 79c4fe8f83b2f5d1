import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * The case as metering sees it in the graph: intake owns `Case`; metering only
 * knows its key and adds its own fields (meter, installation, gate, energization).
 */
@ObjectType({
  description: 'A connection case (业扩报装); owned by intake, extended here with meter installation and energization',
})
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'Case id' })
  id: string;
}
