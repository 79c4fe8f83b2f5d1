import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Text } from '@yekuo/platform';

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

@InputType({
  description:
    'The power-on waits on the customer (e.g. their switch room is not ready, or they asked for a later day): the energization clock pauses',
})
export class PostponeEnergizationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { description: 'Why the power-on waits on the customer (shown with the pause on the clock)' })
  @Text({ max: 500, multiline: true })
  reason: string;
}

@InputType({ description: 'The customer is ready for the power-on again: the energization clock runs on' })
export class ResumeEnergizationInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;
}
