import { Field, ID, InputType } from '@nestjs/graphql';
import { Text } from '@yekuo/platform';
import { IsIn, IsUUID } from 'class-validator';
import { PERMIT_KINDS, PermitKind, PermitKindEnum } from './works-permit.entity';

@InputType({ description: 'An application for a permit the external works need' })
export class ApplyWorksPermitInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => PermitKindEnum, { description: 'What the permit allows' })
  @IsIn(PERMIT_KINDS)
  kind: PermitKind;

  @Field({ description: 'The authority applied to (e.g. the district road administration)' })
  @Text({ max: 200 })
  authority: string;
}

/** What every decision on a pending permit application names: the case and the application. */
@InputType({ isAbstract: true })
abstract class PendingPermitInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => ID, { description: 'The permit application' })
  @IsUUID()
  permitId: string;
}

@InputType({ description: "The authority's grant of a pending permit application" })
export class GrantWorksPermitInput extends PendingPermitInput {
  @Field({ description: 'The permit number as the authority issued it' })
  @Text({ max: 100 })
  reference: string;
}

@InputType({ description: "The authority's refusal of a pending permit application; the works may apply again" })
export class RefuseWorksPermitInput extends PendingPermitInput {
  @Field({ description: 'Why the authority refused it' })
  @Text({ max: 2000, multiline: true })
  reason: string;
}

@InputType({ description: 'A progress note on the external works' })
export class RecordWorksProgressInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field({ description: 'What was done (e.g. cable laid from pole 17 to the branch box)' })
  @Text({ max: 2000, multiline: true })
  note: string;
}

@InputType({ description: 'The completion of the external works; every permit applied for must be granted' })
export class CompleteExternalWorksInput {
  @Field(() => ID, { description: 'The case' })
  @IsUUID()
  caseId: string;

  @Field(() => String, { nullable: true, description: 'A closing note (e.g. the acceptance of the works by operations)' })
  @Text({ max: 2000, multiline: true, optional: true })
  note?: string;
}
