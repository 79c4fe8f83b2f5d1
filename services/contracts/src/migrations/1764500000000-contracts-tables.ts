import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contracts' copy of a case, its supply-use contract with signatures, and the business-fee invoice with payments. */
export class ContractsTables1764500000000 implements MigrationInterface {
  name = 'ContractsTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contracts_case (
        case_id uuid PRIMARY KEY,
        case_number text NOT NULL,
        customer_id uuid NOT NULL,
        category text NOT NULL
          CHECK (category IN ('LV_RESIDENTIAL', 'LV_NON_RESIDENTIAL', 'HV_SINGLE_SOURCE', 'HV_DUAL_SOURCE')),
        policy_version text NOT NULL,
        scheme_id uuid NOT NULL,
        scheme_version int NOT NULL CHECK (scheme_version > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contracts_case_number UNIQUE (case_number)
      )`);
    await q.query(`CREATE INDEX contracts_case_customer ON contracts_case (customer_id)`);

    await q.query(`
      CREATE TABLE supply_contract (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES contracts_case (case_id),
        version int NOT NULL CHECK (version > 0),
        status text NOT NULL CHECK (status IN ('DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED')),
        scheme_id uuid NOT NULL,
        scheme_version int NOT NULL CHECK (scheme_version > 0),
        voltage_level text NOT NULL,
        capacity_kva numeric NOT NULL CHECK (capacity_kva > 0),
        supply_sources int NOT NULL CHECK (supply_sources BETWEEN 1 AND 2),
        supply_points text[] NOT NULL CHECK (cardinality(supply_points) > 0),
        metering_method text NOT NULL,
        tariff_category text NOT NULL,
        property_boundary text NOT NULL,
        drafted_at timestamptz NOT NULL,
        fully_signed_at timestamptz,
        CONSTRAINT supply_contract_fully_signed_at CHECK ((status = 'FULLY_SIGNED') = (fully_signed_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX supply_contract_case_version ON supply_contract (case_id, version)`);

    await q.query(`
      CREATE TABLE contract_signature (
        contract_id uuid NOT NULL REFERENCES supply_contract (id),
        party text NOT NULL CHECK (party IN ('CUSTOMER', 'UTILITY')),
        signer_id text NOT NULL,
        signer_role text NOT NULL,
        method text NOT NULL CHECK (method IN ('ONLINE', 'ON_PAPER')),
        signed_at timestamptz NOT NULL,
        PRIMARY KEY (contract_id, party)
      )`);

    await q.query(`
      CREATE TABLE fee_invoice (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES contracts_case (case_id),
        currency text NOT NULL,
        fee_policy_version text NOT NULL,
        total_fen bigint NOT NULL CHECK (total_fen >= 0),
        paid_fen bigint NOT NULL CHECK (paid_fen >= 0 AND paid_fen <= total_fen),
        status text NOT NULL CHECK (status IN ('ISSUED', 'PARTIALLY_PAID', 'SETTLED')),
        invoiced_at timestamptz NOT NULL,
        settled_at timestamptz,
        CONSTRAINT fee_invoice_settled_at CHECK ((status = 'SETTLED') = (settled_at IS NOT NULL)),
        CONSTRAINT fee_invoice_settled_when_paid CHECK ((status = 'SETTLED') = (paid_fen = total_fen))
      )`);
    await q.query(`CREATE UNIQUE INDEX fee_invoice_case ON fee_invoice (case_id)`);

    await q.query(`
      CREATE TABLE fee_invoice_item (
        invoice_id uuid NOT NULL REFERENCES fee_invoice (id),
        position int NOT NULL CHECK (position > 0),
        code text NOT NULL,
        name text NOT NULL,
        basis text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        PRIMARY KEY (invoice_id, position)
      )`);

    await q.query(`
      CREATE TABLE fee_payment (
        id uuid PRIMARY KEY,
        invoice_id uuid NOT NULL REFERENCES fee_invoice (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reference text,
        received_at timestamptz NOT NULL,
        recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX fee_payment_invoice ON fee_payment (invoice_id, received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fee_payment');
    await q.query('DROP TABLE fee_invoice_item');
    await q.query('DROP TABLE fee_invoice');
    await q.query('DROP TABLE contract_signature');
    await q.query('DROP TABLE supply_contract');
    await q.query('DROP TABLE contracts_case');
  }
}
