import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The process variant a case walks (PRE_REFORM, THREE_ZERO, THREE_SAVINGS): fixed at acceptance,
 * changed when planning's reply or confirmation says the case left 三零. Null before acceptance,
 * and on every case accepted before variants were walked (the pre-reform walk).
 */
export class ProcessVariant1770100000000 implements MigrationInterface {
  name = 'ProcessVariant1770100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE connection_case ADD COLUMN process_variant text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE connection_case DROP COLUMN process_variant');
  }
}
