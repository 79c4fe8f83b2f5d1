import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('InspectionChecklistItem', { description: 'One slot of an inspection document checklist: what must be submitted' })
export class ChecklistItem {
  @Field(() => String, { description: 'Stable code of the slot, sent back as the item of a document' })
  item: string;

  @Field(() => String, { description: 'What the slot asks for' })
  description: string;
}

@ObjectType('InspectionDocument', { description: 'One document filed in one slot of an inspection checklist' })
export class FiledDocumentView {
  @Field(() => String, { nullable: true, description: 'The checklist slot; null only for rounds submitted before checklists existed' })
  item: string | null;

  @Field(() => String, { description: "The document's id in intake's document store" })
  documentId: string;
}
