import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `contracts_application.customer_name` where it still exists. Early versions of
 * ContractDocumentsAndWithdrawal1765000000000 created the column (the customer's name copied
 * from intake's event); the name now comes only from the contract officer, and the column
 * was taken out of that migration. Databases migrated before that change still hold it,
 * with personal data nothing reads; databases created since never had it.
 */
export class DropLegacyApplicationCustomerName1766000000000 implements MigrationInterface {
  name = 'DropLegacyApplicationCustomerName1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE contracts_application DROP COLUMN IF EXISTS customer_name');
  }

  down(): Promise<void> {
    // Deliberately nothing: the column belongs to no current schema (the migration before this
    // one no longer creates it), and the personal data it held must not come back.
    return Promise.resolve();
  }
}
