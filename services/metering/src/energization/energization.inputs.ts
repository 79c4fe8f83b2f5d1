import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

@InputType({
  description: 'Switching the supply of a case on, once every gate condition holds',
})
export class EnergizeInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}

@InputType({ description: 'Archiving (归档) an energized case' })
export class ArchiveCaseInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}
