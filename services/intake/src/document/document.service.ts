import { createHash, randomUUID } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import {
  actorOf,
  DocumentCipher,
  ForbiddenError,
  mayActFor,
  NotFoundError,
  Principal,
  TIME_SOURCE,
  sealedLength,
  TimeSource,
  UnitOfWork,
  ValidationFailedError,
  type FieldError,
} from '@yekuo/platform';
import { Role } from '@yekuo/events';
import { seesInFull } from '@yekuo/policy';
import { DataSource, EntityManager } from 'typeorm';
import { checkInPlace } from '../case/application-state';
import { ConnectionCase, ReturnItem } from '../case/case.entity';
import { isLowVoltage } from '../case/category';
import { Customer } from '../customer/customer.entity';
import { BlobStore } from './blob-store';
import { CaseDocument } from './case-document.entity';
import { checklistFor, DOCUMENT_SLOTS, DocumentSlot } from './checklist.data';
import { ChecklistSlot } from './checklist-slot.model';
import { ALLOWED_DOCUMENT_TYPES, sniffContentType } from './content-type';
import { DocumentUploadError } from './document.errors';

export const UPLOAD_ROLES: readonly Role[] = ['customer', 'agent', 'intake-clerk'];

export interface Upload {
  caseId?: string;
  /** An application checklist slot, while the front desk has the application. */
  slot?: string;
  /** Or an item code of a later stage's checklist (the design's, the acceptance's), once the application is accepted. */
  item?: string;
  file?: { originalname: string; mimetype: string; size: number; buffer: Buffer };
}

/** How a stage checklist names its items (inspection's checklists: SINGLE_LINE_DIAGRAM, …). */
const ITEM_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The checklist of a case, the documents uploaded into it, and what is still missing. */
@Injectable()
export class DocumentService {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(BlobStore) private readonly blobs: BlobStore,
    private readonly cipher: DocumentCipher,
    @Inject(TIME_SOURCE) private readonly time: TimeSource,
  ) {}

  /** The checklist of the case with each slot's status, current version and history. */
  async checklist(found: ConnectionCase, manager: EntityManager = this.dataSource.manager): Promise<ChecklistSlot[]> {
    const documents = await manager.find(CaseDocument, { where: { caseId: found.id }, order: { slot: 'ASC', version: 'ASC' } });
    return checklistFor(found.category, found.businessType, found.application.agent != null).map(({ slot, required }) => {
      const versions = documents.filter((d) => d.slot === slot);
      const current = versions.at(-1) ?? null;
      return {
        slot,
        title: DOCUMENT_SLOTS[slot],
        required,
        status: !current ? 'MISSING' : current.rejection ? 'REJECTED' : 'PROVIDED',
        current,
        versions,
      };
    });
  }

  /** Every missing or invalid item of the case at once: required slots missing or rejected, fields at fault. */
  async completeness(found: ConnectionCase, manager: EntityManager = this.dataSource.manager): Promise<ReturnItem[]> {
    const items: ReturnItem[] = [];
    for (const slot of await this.checklist(found, manager)) {
      if (slot.required && slot.status === 'MISSING') {
        items.push({ item: slot.title, reason: 'is required and has not been uploaded', slot: slot.slot, field: null });
      } else if (slot.status === 'REJECTED') {
        items.push({ item: slot.title, reason: `was rejected: ${slot.current?.rejection?.reason}`, slot: slot.slot, field: null });
      }
    }
    const application = found.application;
    if (!isLowVoltage(application.voltageLevel) && (application.loads ?? []).length === 0) {
      items.push({ item: 'Load list', reason: 'a high-voltage application must list its loads', slot: null, field: 'application.loads' });
    }
    if (application.wantedDate && application.wantedDate < this.time.now().toISOString().slice(0, 10) && found.status !== 'ACCEPTED') {
      items.push({ item: 'Wanted date', reason: 'lies in the past; give a new date', slot: null, field: 'application.wantedDate' });
    }
    const customer = await manager.findOne(Customer, { where: { id: found.customerId } });
    if (!customer?.phone) {
      items.push({
        item: 'Contact phone',
        reason: 'the front desk needs a number to reach the applicant',
        slot: null,
        field: 'customer.phone',
      });
    }
    return items;
  }

  /**
   * Stores an upload as the next version of its slot (the application's checklist, while the front
   * desk has it) or of its item (a later stage's checklist, once the application is accepted).
   * Errors are DocumentUploadError or DomainError.
   */
  async upload(principal: Principal, upload: Upload): Promise<CaseDocument> {
    const actor = actorOf(principal, UPLOAD_ROLES);
    const problems: FieldError[] = [];
    if (!upload.caseId || !UUID.test(upload.caseId)) problems.push({ field: 'caseId', message: 'must be the id (uuid) of a case' });
    if (upload.slot && upload.item) problems.push({ field: 'item', message: 'names a stage item; send a slot or an item, not both' });
    else if (!upload.slot && !upload.item)
      problems.push({ field: 'slot', message: 'must name a checklist slot (or `item`, a stage checklist item)' });
    else if (upload.item && !ITEM_CODE.test(upload.item)) {
      problems.push({ field: 'item', message: 'must be an item code of the stage checklist, e.g. SINGLE_LINE_DIAGRAM' });
    }
    if (!upload.file) problems.push({ field: 'file', message: 'must be the document, sent as multipart field "file"' });
    if (problems.length) throw new DocumentUploadError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Missing or invalid fields', problems);
    const { caseId, file } = upload as Required<Pick<Upload, 'caseId' | 'file'>>;
    const filed: { slot: DocumentSlot; item: null } | { slot: null; item: string } = upload.item
      ? { slot: null, item: upload.item }
      : { slot: upload.slot as DocumentSlot, item: null };
    const action = filed.item ? 'uploadStageDocument' : 'uploadDocument';

    const found = await this.dataSource.manager.findOne(ConnectionCase, { where: { id: caseId } });
    if (!found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Case', caseId);
    checkInPlace(found.status, action);
    if (filed.slot) {
      const slots = checklistFor(found.category, found.businessType, found.application.agent != null).map((s) => s.slot as string);
      if (!slots.includes(filed.slot)) {
        throw new DocumentUploadError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Unknown slot', [
          { field: 'slot', message: `must be one of the checklist slots of this case: ${slots.join(', ')}` },
        ]);
      }
    }
    const contentType = sniffContentType(file.buffer);
    if (!contentType) {
      throw new DocumentUploadError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        `Only ${Object.keys(ALLOWED_DOCUMENT_TYPES).join(', ')} are accepted; the content is none of them`,
      );
    }
    if (file.mimetype !== contentType && file.mimetype !== 'application/octet-stream') {
      throw new DocumentUploadError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UNSUPPORTED_MEDIA_TYPE',
        `The file was declared as ${file.mimetype} but its content is ${contentType}`,
      );
    }

    const id = randomUUID();
    const storageKey = filed.slot ? `cases/${caseId}/${filed.slot}/${id}` : `cases/${caseId}/items/${filed.item}/${id}`;
    // The file is stored sealed under its own data key before its row is written...
    const { stream, ...sealedUnder } = this.cipher.sealer();
    stream.end(file.buffer);
    await this.blobs.put(storageKey, stream, sealedLength(file.size), contentType);
    try {
      return await this.unitOfWork.run(async (work) => {
        const locked = await work.manager.findOneOrFail(ConnectionCase, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
        checkInPlace(locked.status, action);
        const [{ last }] = await work.manager.query<{ last: number }[]>(
          `SELECT COALESCE(MAX(version), 0)::int AS last FROM case_document WHERE case_id = $1 AND ${filed.slot ? 'slot' : 'item'} = $2`,
          [caseId, filed.slot ?? filed.item],
        );
        const document = work.manager.create(CaseDocument, {
          id,
          caseId,
          ...filed,
          version: last + 1,
          fileName: sanitizeFileName(file.originalname),
          contentType,
          size: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          storageKey,
          keyId: sealedUnder.keyId,
          wrappedKey: sealedUnder.wrappedKey,
          uploadedBy: principal.sub,
          uploadedAt: this.time.now(),
          rejection: null,
        });
        await work.manager.save(document);
        await work.audit({
          caseId,
          actor,
          action: 'intake.document.uploaded',
          data: {
            documentId: id,
            ...(filed.slot ? { slot: filed.slot } : { item: filed.item }),
            version: document.version,
            contentType,
            size: document.size,
            sha256: document.sha256,
          },
        });
        return document;
      });
    } catch (error) {
      // ...so a row that was not written leaves no file behind (nothing would ever name it).
      await this.blobs.remove(storageKey).catch((removal: unknown) => {
        this.logger.error(`document ${id} was not recorded and its file ${storageKey} could not be removed: ${(removal as Error).message}`);
      });
      throw error;
    }
  }

  /** Rejects the current version of a slot, so the one notice asks for it again. */
  async reject(principal: Principal, documentId: string, reason: string): Promise<ConnectionCase> {
    const actor = actorOf(principal, ['intake-clerk']);
    return this.unitOfWork.run(async (work) => {
      const document = await work.manager.findOne(CaseDocument, { where: { id: documentId } });
      if (!document) throw new NotFoundError('Document', documentId);
      const found = await work.manager.findOneOrFail(ConnectionCase, {
        where: { id: document.caseId },
        lock: { mode: 'pessimistic_write' },
      });
      checkInPlace(found.status, 'rejectDocument');
      const [{ last }] = await work.manager.query<{ last: number }[]>(
        'SELECT MAX(version)::int AS last FROM case_document WHERE case_id = $1 AND slot = $2',
        [document.caseId, document.slot],
      );
      if (document.version !== last) {
        throw new ValidationFailedError([
          { field: 'input.documentId', message: `is version ${document.version}; only the current version ${last} can be rejected` },
        ]);
      }
      document.rejection = { reason, rejectedBy: principal.sub, rejectedAt: this.time.now() };
      await work.manager.save(document);
      await work.audit({
        caseId: found.id,
        actor,
        action: 'intake.document.rejected',
        data: { documentId, slot: document.slot, version: document.version, reason },
      });
      return found;
    });
  }

  /**
   * A document the principal may see, with its content as a stream, opened chunk by chunk: a
   * chunk that fails authentication ends the stream with DocumentIntegrityError. A file stored
   * before documents were sealed (no key id yet) is read as it is.
   */
  async download(principal: Principal, documentId: string): Promise<{ document: CaseDocument; content: Readable }> {
    const document = UUID.test(documentId)
      ? await this.dataSource.manager
          .createQueryBuilder(CaseDocument, 'document')
          .addSelect('document.wrappedKey')
          .where('document.id = :documentId', { documentId })
          .getOne()
      : null;
    const found = document && (await this.dataSource.manager.findOne(ConnectionCase, { where: { id: document.caseId } }));
    if (!document || !found || !mayActFor(principal, found.customerId)) throw new NotFoundError('Document', documentId);
    // A scan of an identity document shows the number in full: only to those who see the number in full.
    if (document.slot && IDENTITY_SLOTS.has(document.slot) && !seesInFull(principal, 'idNumber', found.customerId)) {
      throw new ForbiddenError('Your role does not see identity documents in full');
    }
    if (document.keyId === null || document.wrappedKey === null) return { document, content: await this.blobs.get(document.storageKey) };
    const opener = this.cipher.opener({ keyId: document.keyId, wrappedKey: document.wrappedKey });
    // The file's failure ends the opened stream, and a reader that stops closes the file.
    return { document, content: pipeline(await this.blobs.get(document.storageKey), opener, () => undefined) };
  }
}

/** Slots holding an identity document (its number readable on the scan). */
const IDENTITY_SLOTS: ReadonlySet<string> = new Set<DocumentSlot>(['APPLICANT_ID', 'AGENT_ID']);

/** The base name only, without control characters, at most 200 characters. */
export function sanitizeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point.
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || 'document').slice(0, 200);
}
