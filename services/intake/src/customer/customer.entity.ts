import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ApplicantKind, IdType } from './identity';

export { ID_TYPES } from './identity';
export type { IdType } from './identity';

/**
 * A person or enterprise that applies for a connection. Intake owns customers. The identity
 * number is stored only sealed (AES-256-GCM, with the key id for rotation) and as a keyed
 * blind index that finds the customer by it; `name`, `phone` and `email` are shown masked to
 * staff whose work does not need them (see the customer resolver).
 */
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column({ type: 'text', default: 'PERSON' })
  kind: ApplicantKind;

  @Column({ name: 'id_type', type: 'text' })
  idType: IdType;

  /** Sealed identity number (base64url iv|tag|ciphertext). */
  @Column({ name: 'id_number_sealed', type: 'text', nullable: true })
  idNumberSealed: string | null;

  @Column({ name: 'id_number_key_id', type: 'text', nullable: true })
  idNumberKeyId: string | null;

  /** HMAC-SHA256 of the normalized identity number. */
  @Column({ name: 'id_number_index', type: 'text', nullable: true })
  idNumberIndex: string | null;

  /** HMAC-SHA256 of the normalized name. */
  @Column({ name: 'name_index', type: 'text', nullable: true })
  nameIndex: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
