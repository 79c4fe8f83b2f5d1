import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys: one row per (caller, operation, SHA-256 of the key), claimed in the transaction
 * of the change it names, with the fingerprint of the request and, once sent, its answer sealed
 * under the key (AES-256-GCM: iv, tag, ciphertext). The runtime role reads, adds, answers
 * (UPDATE) and expires (DELETE) rows: the rights every table of the service gets.
 */
export class IdempotencyKeys1769000000000 implements MigrationInterface {
  name = 'IdempotencyKeys1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        principal text NOT NULL,
        operation text NOT NULL,
        key_hash text NOT NULL,
        fingerprint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        response bytea,
        PRIMARY KEY (principal, operation, key_hash)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_key');
  }
}
