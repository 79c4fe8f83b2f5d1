import { MigrationInterface, QueryRunner } from 'typeorm';
import { CLOCK_TABLES_DDL } from '../clock-sql';

/** Time-limit clocks and their pauses: the same tables in every service's database. */
export class TimeLimitClocks1765200000000 implements MigrationInterface {
  name = 'TimeLimitClocks1765200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of CLOCK_TABLES_DDL) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE stage_clock_pause');
    await q.query('DROP TABLE stage_clock');
  }
}
