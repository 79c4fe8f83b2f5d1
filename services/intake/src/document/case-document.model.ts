import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { DocumentSlot } from './checklist.data';
import { DocumentSlotEnum } from '../enums';
import { DocumentRejection } from './document-rejection.model';

/** The GraphQL shape of `CaseDocument` (the entity stays free of GraphQL). */
@ObjectType('CaseDocument', { description: 'One uploaded version of a document in a checklist slot' })
export class CaseDocumentModel {
  @Field(() => ID, { description: 'Document id (uuid)' })
  id: string;

  @Field(() => DocumentSlotEnum, { description: 'The checklist slot it was uploaded into' })
  slot: DocumentSlot;

  @Field(() => Int, { description: 'Version within the slot: 1 for the first upload, +1 for each re-upload' })
  version: number;

  @Field({ description: 'File name as uploaded' })
  fileName: string;

  @Field({ description: 'application/pdf, image/jpeg or image/png, as read from the content' })
  contentType: string;

  @Field(() => Int, { description: 'Size in bytes' })
  size: number;

  @Field({ description: 'SHA-256 of the content, hex' })
  sha256: string;

  @Field({ description: 'Who uploaded it (customer, agent or staff id)' })
  uploadedBy: string;

  @Field({ description: 'When it was uploaded' })
  uploadedAt: Date;

  @Field(() => DocumentRejection, { nullable: true, description: 'Set when the front desk rejected this version' })
  rejection: DocumentRejection | null;
}
