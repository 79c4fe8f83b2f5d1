import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonbDates } from '../case/jsonb-dates.transformer';
import type { DocumentSlot } from './checklist.data';
import { DocumentRejection } from './document-rejection.model';

/**
 * One uploaded version of a document: of an application checklist slot, or of an item a later
 * stage's checklist asks for (one or the other); re-uploading adds a version, history is kept.
 */
@Entity({ name: 'case_document' })
export class CaseDocument {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** The application checklist slot; null for a stage document. */
  @Column({ type: 'text', nullable: true })
  slot: DocumentSlot | null;

  /** The item code of a later stage's checklist (e.g. SINGLE_LINE_DIAGRAM); null for an application document. */
  @Column({ type: 'text', nullable: true })
  item: string | null;

  @Column('int')
  version: number;

  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column('int')
  size: number;

  @Column('text')
  sha256: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  /** The key that wraps the file's data key (DOCUMENT_KEYS); null for a file stored before documents were sealed. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;

  /** The file's data key, wrapped under `keyId`; rotation re-wraps it, the stored file never changes. */
  @Column({ name: 'wrapped_key', type: 'bytea', nullable: true, select: false })
  wrappedKey: Buffer | null;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;

  @Column({ type: 'jsonb', nullable: true, transformer: jsonbDates })
  rejection: DocumentRejection | null;
}

export { DocumentRejection };
