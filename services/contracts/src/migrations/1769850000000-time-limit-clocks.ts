import { MigrationInterface, QueryRunner } from 'typeorm';
import { CLOCK_TABLES_DDL } from '@yekuo/timelimits';

/**
 * Contracts times its steps (contract drafting, invoicing) from here on: the time-limit clocks and
 * their pauses, the same tables every service that times a step has.
 */
export class ContractsTimeLimitClocks1769850000000 implements MigrationInterface {
  name = 'ContractsTimeLimitClocks1769850000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of CLOCK_TABLES_DDL) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stage_clock_pause');
    await q.query('DROP TABLE stage_clock');
  }
}
