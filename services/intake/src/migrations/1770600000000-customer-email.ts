import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer's contact email, optional as the phone is, and held as plainly: the notifications
 * service asks for it at sending time (decision 0009). Bounded as the input is.
 */
export class CustomerEmail1770600000000 implements MigrationInterface {
  name = 'CustomerEmail1770600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE customer ADD COLUMN email text CONSTRAINT customer_email_length CHECK (char_length(email) <= 254)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE customer DROP COLUMN email');
  }
}
