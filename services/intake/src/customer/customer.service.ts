import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ForbiddenError } from '@yekuo/platform';
import { DataSource, EntityManager } from 'typeorm';
import { normalizeIdNumber, PiiCipher } from '../pii/pii-cipher';
import { Customer } from './customer.entity';
import { ApplicantKind, applicantKindOf, IdType } from './identity';

/** The associated data an identity number is sealed under. */
export const ID_NUMBER_PURPOSE = 'customer.id_number';

export interface Identity {
  idType: IdType;
  idNumber: string;
  name: string;
  kind?: ApplicantKind;
  phone?: string | null;
  email?: string | null;
}

/** How a customer is reached: what the notifications service asks for at sending time. */
export interface Contact {
  customerId: string;
  email: string | null;
  phone: string | null;
}

/**
 * The one answer for a customer the caller may not act for: an agent naming a customer outside
 * its `actsFor`, and a caller giving an identity document on file under another account, get
 * the same code and message, so submitting does not tell whether an ID number is on file.
 */
export function notActingFor(): ForbiddenError {
  return new ForbiddenError('Your authorization does not cover this customer');
}

/** Customers by identity: found through the blind index, created with the number sealed. */
@Injectable()
export class CustomerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CustomerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  /** The customer holding this identity document, created (with `id` when given) if new. */
  async findOrCreate(manager: EntityManager, identity: Identity, id?: string): Promise<Customer> {
    const idNumberIndex = this.cipher.idNumberIndex(identity.idNumber);
    const sealed = this.cipher.seal(normalizeIdNumber(identity.idNumber), ID_NUMBER_PURPOSE);
    await manager.query(
      `INSERT INTO customer (id, name, kind, id_type, id_number_sealed, id_number_key_id, id_number_index, name_index, phone, email)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id_type, id_number_index) DO NOTHING`,
      [
        id ?? null,
        identity.name.trim(),
        applicantKindOf(identity.idType, identity.kind),
        identity.idType,
        sealed.cipher,
        sealed.keyId,
        idNumberIndex,
        this.cipher.nameIndex(identity.name),
        identity.phone ?? null,
        identity.email ?? null,
      ],
    );
    const customer = await manager.findOneOrFail(Customer, { where: { idType: identity.idType, idNumberIndex } });
    // Held under another account: the answer of any customer the caller may not act for (no oracle).
    if (id && customer.id !== id) throw notActingFor();
    return customer;
  }

  findById(manager: EntityManager, id: string): Promise<Customer | null> {
    return manager.findOne(Customer, { where: { id } });
  }

  /** The contacts of the customers of `ids` that exist, as stored. */
  contactsOf(ids: readonly string[]): Promise<Contact[]> {
    return this.dataSource.query<Contact[]>(
      'SELECT id AS "customerId", email, phone FROM customer WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    );
  }

  /** Seals identity numbers stored in clear before sealing existed, and indexes their cases. */
  async onApplicationBootstrap(): Promise<void> {
    const sealed = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; id_number: string; name: string }[]>(
        'SELECT id, id_number, name FROM customer WHERE id_number IS NOT NULL FOR UPDATE SKIP LOCKED',
      );
      for (const row of rows) {
        const value = this.cipher.seal(row.id_number, ID_NUMBER_PURPOSE);
        await manager.query(
          `UPDATE customer SET id_number = NULL, id_number_sealed = $2, id_number_key_id = $3, id_number_index = $4, name_index = $5
           WHERE id = $1`,
          [row.id, value.cipher, value.keyId, this.cipher.idNumberIndex(row.id_number), this.cipher.nameIndex(row.name)],
        );
      }
      await manager.query(
        `UPDATE connection_case c SET customer_name_index = cu.name_index, id_number_index = cu.id_number_index
         FROM customer cu WHERE cu.id = c.customer_id AND c.customer_name_index IS NULL AND cu.name_index IS NOT NULL`,
      );
      return rows.length;
    });
    if (sealed > 0) this.logger.log(`sealed the identity numbers of ${sealed} customers stored before sealing`);
    // After a key rotation, rows sealed under an older key are re-sealed in the background, batch by batch.
    void this.resealUnderActiveKey().catch((error: unknown) =>
      this.logger.warn(`re-sealing under the active key stopped: ${(error as Error).message}; it resumes at the next start`),
    );
  }

  /**
   * Re-seals identity numbers sealed under a key other than the active one, `batchSize` rows
   * per transaction (rows another instance is re-sealing are skipped). Returns how many it re-sealed.
   * Once it reports 0 everywhere, the old key can be removed from PII_KEYS.
   */
  async resealUnderActiveKey(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (manager) => {
        const rows = await manager.query<{ id: string; id_number_sealed: string; id_number_key_id: string }[]>(
          `SELECT id, id_number_sealed, id_number_key_id FROM customer
           WHERE id_number_key_id IS NOT NULL AND id_number_key_id <> $1
           LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.cipher.activeKeyId, batchSize],
        );
        for (const row of rows) {
          const plain = this.cipher.open({ cipher: row.id_number_sealed, keyId: row.id_number_key_id }, ID_NUMBER_PURPOSE);
          const value = this.cipher.seal(plain, ID_NUMBER_PURPOSE);
          await manager.query('UPDATE customer SET id_number_sealed = $2, id_number_key_id = $3 WHERE id = $1', [
            row.id,
            value.cipher,
            value.keyId,
          ]);
        }
        return rows.length;
      });
      total += done;
      if (done < batchSize) break;
    }
    if (total > 0) this.logger.log(`re-sealed ${total} identity numbers under key ${this.cipher.activeKeyId}`);
    return total;
  }
}
