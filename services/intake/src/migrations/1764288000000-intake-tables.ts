import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeTables1764288000000 implements MigrationInterface {
  name = 'IntakeTables1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        id_type text NOT NULL,
        id_number text NOT NULL,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT customer_identity UNIQUE (id_type, id_number)
      )`);
    await q.query(`
      CREATE TABLE case_number_counter (
        year int PRIMARY KEY,
        last int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE connection_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE,
        customer_id uuid NOT NULL REFERENCES customer (id),
        category text NOT NULL,
        business_type text NOT NULL,
        status text NOT NULL,
        policy_version text NOT NULL,
        application jsonb NOT NULL,
        return_notice jsonb,
        submission_round int NOT NULL DEFAULT 1,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX connection_case_customer ON connection_case (customer_id, number)');
    await q.query('CREATE INDEX connection_case_status ON connection_case (status, number)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE connection_case');
    await q.query('DROP TABLE case_number_counter');
    await q.query('DROP TABLE customer');
  }
}
