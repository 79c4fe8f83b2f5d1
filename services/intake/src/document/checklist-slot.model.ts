import { Field, ObjectType } from '@nestjs/graphql';
import { CaseDocument } from './case-document.entity';

export const SLOT_STATUSES = ['MISSING', 'PROVIDED', 'REJECTED'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

@ObjectType({ description: 'One slot of the document checklist of a case, with its current document and history' })
export class ChecklistSlot {
  @Field(() => String, { description: 'Slot key to upload into, e.g. PROPERTY_PROOF' })
  slot: string;

  @Field({ description: 'What the slot asks for' })
  title: string;

  @Field({ description: 'Whether the front desk needs it before accepting' })
  required: boolean;

  @Field(() => String, { description: 'MISSING (nothing uploaded), PROVIDED or REJECTED (the current version was rejected)' })
  status: SlotStatus;

  @Field(() => CaseDocument, { nullable: true, description: 'The latest version, if any' })
  current: CaseDocument | null;

  @Field(() => [CaseDocument], { description: 'Every version, oldest first' })
  versions: CaseDocument[];
}
