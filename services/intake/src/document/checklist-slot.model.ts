import { Field, ObjectType } from '@nestjs/graphql';
import { CaseDocument } from './case-document.entity';

import { ChecklistSlotStatusEnum, DocumentSlotEnum, SLOT_STATUSES, type SlotStatus } from '../enums';
import { CaseDocumentModel } from './case-document.model';

export { SLOT_STATUSES };
export type { SlotStatus };

@ObjectType({ description: 'One slot of the document checklist of a case, with its current document and history' })
export class ChecklistSlot {
  @Field(() => DocumentSlotEnum, { description: 'Slot to upload into, e.g. PROPERTY_PROOF' })
  slot: string;

  @Field({ description: 'What the slot asks for' })
  title: string;

  @Field({ description: 'Whether the front desk needs it before accepting' })
  required: boolean;

  @Field(() => ChecklistSlotStatusEnum, { description: 'Whether the slot holds a usable document' })
  status: SlotStatus;

  @Field(() => CaseDocumentModel, { nullable: true, description: 'The latest version, if any' })
  current: CaseDocument | null;

  @Field(() => [CaseDocumentModel], { description: 'Every version, oldest first' })
  versions: CaseDocument[];
}
