import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '@yekuo/platform';
import type { ContractStatus, Party, SigningMethod } from './contract.state-machine';

/**
 * One version of a case's supply-use contract (供用电合同). Its terms are copied from
 * the confirmed supply scheme (under 三零, at acceptance, from the application) and its
 * parties from the case when it is drafted, and never change afterwards: a later scheme
 * or corrected party details before full signature supersede it with a new version, and
 * under 三零 so does a scheme that changes the terms it carries, even after full signature.
 */
@Entity({ name: 'supply_contract' })
@Index('supply_contract_case_version', ['caseId', 'version'], { unique: true })
export class SupplyContractEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column('int')
  version: number;

  @Column('text')
  status: ContractStatus;

  /** The confirmed scheme the terms were copied from; null for a 三零 contract drafted from the application's terms. */
  @Column({ name: 'scheme_id', type: 'uuid', nullable: true })
  schemeId: string | null;

  @Column({ name: 'scheme_version', type: 'int', nullable: true })
  schemeVersion: number | null;

  /**
   * For a case that walks or walked 三零: the scheme version whose voltage, capacity and sources
   * this version carries (0: the application's); null for a case that never walked 三零.
   */
  @Column({ name: 'terms_version', type: 'int', nullable: true })
  termsVersion: number | null;

  @Column({ name: 'voltage_level', type: 'text' })
  voltageLevel: string;

  @Column({ name: 'capacity_kva', type: 'numeric', transformer: numericTransformer })
  capacityKva: number;

  @Column({ name: 'supply_sources', type: 'int' })
  supplySources: number;

  /** The terms only a scheme sets: null while the contract carries the application's terms. */
  @Column({ name: 'supply_points', type: 'text', array: true, nullable: true })
  supplyPoints: string[] | null;

  @Column({ name: 'metering_method', type: 'text', nullable: true })
  meteringMethod: string | null;

  @Column({ name: 'tariff_category', type: 'text', nullable: true })
  tariffCategory: string | null;

  @Column({ name: 'property_boundary', type: 'text', nullable: true })
  propertyBoundary: string | null;

  /** The template (by category) and its version the document was rendered from. */
  @Column({ name: 'template_code', type: 'text', nullable: true })
  templateCode: string | null;

  @Column({ name: 'template_version', type: 'text', nullable: true })
  templateVersion: string | null;

  /** The parties as written into this version's document. */
  @Column({ name: 'customer_name', type: 'text', nullable: true })
  customerName: string | null;

  @Column({ name: 'customer_address', type: 'text', nullable: true })
  customerAddress: string | null;

  @Column({ name: 'utility_name', type: 'text', nullable: true })
  utilityName: string | null;

  @Column({ name: 'drafted_at', type: 'timestamptz' })
  draftedAt: Date;

  @Column({ name: 'fully_signed_at', type: 'timestamptz', nullable: true })
  fullySignedAt: Date | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  /** Why a later version replaced this one, in words. */
  @Column({ name: 'superseded_because', type: 'text', nullable: true })
  supersededBecause: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}

/**
 * The rendered PDF of a contract version, sealed (DocumentCipher), and the sha256 of its exact
 * plaintext bytes; never deleted, and what it says never changes (decision 0018).
 */
@Entity({ name: 'contract_document' })
export class ContractDocumentEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' })
  contractId: string;

  /** The sealed PDF; the plain PDF while `keyId` is null (stored before PDFs were sealed). */
  @Column('bytea')
  pdf: Buffer;

  /** The key that wraps the PDF's data key (DOCUMENT_KEYS). */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;

  /** The PDF's data key, wrapped under `keyId`; rotation re-wraps it. */
  @Column({ name: 'wrapped_key', type: 'bytea', nullable: true })
  wrappedKey: Buffer | null;

  @Column('text')
  sha256: string;

  @Column({ name: 'byte_size', type: 'int' })
  byteSize: number;

  @Column({ name: 'page_count', type: 'int' })
  pageCount: number;

  @Column({ name: 'rendered_at', type: 'timestamptz' })
  renderedAt: Date;
}

/**
 * A scheme confirmed after the contract was fully signed: the signed contract stays
 * as it is, and the new terms are recorded for a contract officer to act on.
 */
@Entity({ name: 'contract_scheme_conflict' })
export class ContractSchemeConflictEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** The signed contract version the scheme conflicts with. */
  @Column({ name: 'contract_id', type: 'uuid' })
  contractId: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId: string;

  @Column({ name: 'scheme_version', type: 'int' })
  schemeVersion: number;

  @Column('jsonb')
  terms: Record<string, unknown>;

  @Column({ name: 'event_id', type: 'text' })
  eventId: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

/** One party's signature of a contract version: who, when and how; one per party. */
@Entity({ name: 'contract_signature' })
export class ContractSignatureEntity {
  @PrimaryColumn({ name: 'contract_id', type: 'uuid' })
  contractId: string;

  @PrimaryColumn('text')
  party: Party;

  @Column({ name: 'signer_id', type: 'text' })
  signerId: string;

  @Column({ name: 'signer_role', type: 'text' })
  signerRole: string;

  /** The signer's name from their token, when it carries one. */
  @Column({ name: 'signer_name', type: 'text', nullable: true })
  signerName: string | null;

  @Column('text')
  method: SigningMethod;

  /** The sha256 of the document the party signed. */
  @Column({ name: 'document_sha256', type: 'text', nullable: true })
  documentSha256: string | null;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}
