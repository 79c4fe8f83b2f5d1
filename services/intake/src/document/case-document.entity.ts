import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonbDates } from '../case/jsonb-dates.transformer';
import type { DocumentSlot } from './checklist.data';

@ObjectType({ description: 'Why the front desk rejected a document' })
export class DocumentRejection {
  @Field({ description: 'What is wrong with it, in words the customer understands' })
  reason: string;

  @Field({ description: 'Staff id of the reviewer' })
  rejectedBy: string;

  @Field({ description: 'When it was rejected' })
  rejectedAt: Date;
}

/** One uploaded version of a checklist slot; re-uploading adds a version, history is kept. */
@ObjectType('CaseDocument', { description: 'One uploaded version of a document in a checklist slot' })
@Entity({ name: 'case_document' })
export class CaseDocument {
  @Field(() => ID, { description: 'Document id (uuid)' })
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Field(() => String, { description: 'The checklist slot it was uploaded into' })
  @Column('text')
  slot: DocumentSlot;

  @Field(() => Int, { description: 'Version within the slot: 1 for the first upload, +1 for each re-upload' })
  @Column('int')
  version: number;

  @Field({ description: 'File name as uploaded' })
  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Field({ description: 'application/pdf, image/jpeg or image/png, as read from the content' })
  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Field(() => Int, { description: 'Size in bytes' })
  @Column('int')
  size: number;

  @Field({ description: 'SHA-256 of the content, hex' })
  @Column('text')
  sha256: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Field({ description: 'Who uploaded it (customer, agent or staff id)' })
  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @Field({ description: 'When it was uploaded' })
  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;

  @Field(() => DocumentRejection, { nullable: true, description: 'Set when the front desk rejected this version' })
  @Column({ type: 'jsonb', nullable: true, transformer: jsonbDates })
  rejection: DocumentRejection | null;
}
