import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rendered contract document (PDF bytes and their sha256, immutable), contract
 * versions superseded by a later scheme or by corrected party details, the parties
 * and signer names, more signing methods, invoice lines with quantity and unit
 * price, scheme changes after full signature recorded for staff, the application
 * facts contracts takes from intake, and the customer's withdrawal with the refund due.
 */
export class ContractDocumentsAndWithdrawal1765000000000 implements MigrationInterface {
  name = 'ContractDocumentsAndWithdrawal1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // A case copy may be opened by a withdrawal that arrives before any scheme confirmation.
    await q.query(`ALTER TABLE contracts_case ALTER COLUMN scheme_id DROP NOT NULL, ALTER COLUMN scheme_version DROP NOT NULL`);
    await q.query(`
      ALTER TABLE contracts_case
        ADD COLUMN customer_name text CHECK (customer_name IS NULL OR btrim(customer_name) <> ''),
        ADD COLUMN customer_address text CHECK (customer_address IS NULL OR btrim(customer_address) <> ''),
        ADD COLUMN parties_recorded_by text,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD COLUMN cancelled_by_id text,
        ADD COLUMN cancelled_by_role text,
        ADD COLUMN cancelled_work text[],
        ADD CONSTRAINT contracts_case_cancelled CHECK (
          (cancelled_at IS NULL) = (cancel_reason IS NULL)
          AND (cancelled_at IS NULL) = (cancelled_by_id IS NULL)
          AND (cancelled_at IS NULL) = (cancelled_by_role IS NULL)
          AND (cancelled_at IS NULL) = (cancelled_work IS NULL)),
        ADD CONSTRAINT contracts_case_scheme CHECK ((scheme_id IS NULL) = (scheme_version IS NULL))`);

    await q.query(`ALTER TABLE supply_contract DROP CONSTRAINT supply_contract_status_check`);
    await q.query(`
      ALTER TABLE supply_contract
        ADD CONSTRAINT supply_contract_status_check
          CHECK (status IN ('DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED', 'SUPERSEDED', 'CANCELLED')),
        ADD COLUMN template_code text,
        ADD COLUMN template_version text,
        ADD COLUMN customer_name text,
        ADD COLUMN customer_address text,
        ADD COLUMN utility_name text,
        ADD COLUMN superseded_at timestamptz,
        ADD COLUMN superseded_because text,
        ADD COLUMN cancelled_at timestamptz,
        ADD CONSTRAINT supply_contract_superseded CHECK ((status = 'SUPERSEDED') = (superseded_at IS NOT NULL)),
        ADD CONSTRAINT supply_contract_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))`);
    // At most one version of a case is current (not superseded).
    await q.query(`CREATE UNIQUE INDEX supply_contract_current ON supply_contract (case_id) WHERE status <> 'SUPERSEDED'`);

    await q.query(`
      CREATE TABLE contract_document (
        contract_id uuid PRIMARY KEY REFERENCES supply_contract (id),
        pdf bytea NOT NULL CHECK (octet_length(pdf) > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_size int NOT NULL CHECK (byte_size > 0),
        page_count int NOT NULL CHECK (page_count > 0),
        rendered_at timestamptz NOT NULL
      )`);
    // The document a party signs never changes: the bytes, their hash, nothing.
    await q.query(`
      CREATE FUNCTION contract_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'contract documents are immutable (contract %)', OLD.contract_id;
      END $$`);
    await q.query(`
      CREATE TRIGGER contract_document_immutable BEFORE UPDATE OR DELETE ON contract_document
      FOR EACH ROW EXECUTE FUNCTION contract_document_immutable()`);

    await q.query(`ALTER TABLE contract_signature DROP CONSTRAINT contract_signature_method_check`);
    await q.query(`
      ALTER TABLE contract_signature
        ADD CONSTRAINT contract_signature_method_check CHECK (method IN ('ONLINE', 'E_SIGNATURE', 'ON_SITE', 'ON_PAPER')),
        ADD COLUMN signer_name text,
        ADD COLUMN document_sha256 text`);

    await q.query(`
      CREATE TABLE contract_scheme_conflict (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES contracts_case (case_id),
        contract_id uuid NOT NULL REFERENCES supply_contract (id),
        scheme_id uuid NOT NULL,
        scheme_version int NOT NULL CHECK (scheme_version > 0),
        terms jsonb NOT NULL,
        event_id text NOT NULL,
        received_at timestamptz NOT NULL,
        CONSTRAINT contract_scheme_conflict_once UNIQUE (case_id, scheme_id, scheme_version)
      )`);

    await q.query(`
      CREATE TABLE contracts_application (
        case_id uuid PRIMARY KEY,
        business_type text NOT NULL,
        region_code text NOT NULL,
        event_id text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);

    await q.query(`ALTER TABLE fee_invoice DROP CONSTRAINT fee_invoice_status_check`);
    await q.query(`ALTER TABLE fee_invoice DROP CONSTRAINT fee_invoice_settled_when_paid`);
    await q.query(`
      ALTER TABLE fee_invoice
        ADD CONSTRAINT fee_invoice_status_check CHECK (status IN ('ISSUED', 'PARTIALLY_PAID', 'SETTLED', 'CANCELLED')),
        ADD CONSTRAINT fee_invoice_settled_when_paid CHECK (
          (status <> 'SETTLED' OR paid_fen = total_fen) AND (status NOT IN ('ISSUED', 'PARTIALLY_PAID') OR paid_fen < total_fen)),
        ADD COLUMN cancelled_at timestamptz,
        ADD CONSTRAINT fee_invoice_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))`);

    await q.query(`
      ALTER TABLE fee_invoice_item
        ADD COLUMN description text,
        ADD COLUMN quantity text CHECK (quantity IS NULL OR quantity ~ '^\\d+(\\.\\d+)?$'),
        ADD COLUMN unit text,
        ADD COLUMN unit_price_fen bigint CHECK (unit_price_fen IS NULL OR unit_price_fen >= 0)`);

    await q.query(`
      CREATE TABLE fee_refund (
        case_id uuid PRIMARY KEY REFERENCES contracts_case (case_id),
        invoice_id uuid REFERENCES fee_invoice (id),
        due_fen bigint NOT NULL CHECK (due_fen >= 0),
        reason text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fee_refund');
    await q.query(
      'ALTER TABLE fee_invoice_item DROP COLUMN description, DROP COLUMN quantity, DROP COLUMN unit, DROP COLUMN unit_price_fen',
    );
    await q.query(`
      ALTER TABLE fee_invoice
        DROP CONSTRAINT fee_invoice_cancelled, DROP COLUMN cancelled_at,
        DROP CONSTRAINT fee_invoice_settled_when_paid, DROP CONSTRAINT fee_invoice_status_check,
        ADD CONSTRAINT fee_invoice_status_check CHECK (status IN ('ISSUED', 'PARTIALLY_PAID', 'SETTLED')),
        ADD CONSTRAINT fee_invoice_settled_when_paid CHECK ((status = 'SETTLED') = (paid_fen = total_fen))`);
    await q.query('DROP TABLE contracts_application');
    await q.query('DROP TABLE contract_scheme_conflict');
    await q.query(`
      ALTER TABLE contract_signature
        DROP COLUMN document_sha256, DROP COLUMN signer_name, DROP CONSTRAINT contract_signature_method_check,
        ADD CONSTRAINT contract_signature_method_check CHECK (method IN ('ONLINE', 'ON_PAPER'))`);
    await q.query('DROP TABLE contract_document');
    await q.query('DROP FUNCTION contract_document_immutable()');
    await q.query('DROP INDEX supply_contract_current');
    await q.query(`
      ALTER TABLE supply_contract
        DROP CONSTRAINT supply_contract_cancelled, DROP CONSTRAINT supply_contract_superseded,
        DROP COLUMN cancelled_at, DROP COLUMN superseded_because, DROP COLUMN superseded_at, DROP COLUMN utility_name,
        DROP COLUMN customer_address, DROP COLUMN customer_name, DROP COLUMN template_version, DROP COLUMN template_code,
        DROP CONSTRAINT supply_contract_status_check,
        ADD CONSTRAINT supply_contract_status_check CHECK (status IN ('DRAFTED', 'PARTIALLY_SIGNED', 'FULLY_SIGNED'))`);
    await q.query(`
      ALTER TABLE contracts_case
        DROP CONSTRAINT contracts_case_scheme, DROP CONSTRAINT contracts_case_cancelled,
        DROP COLUMN cancelled_work, DROP COLUMN cancelled_by_role, DROP COLUMN cancelled_by_id, DROP COLUMN cancel_reason,
        DROP COLUMN cancelled_at, DROP COLUMN parties_recorded_by, DROP COLUMN customer_address, DROP COLUMN customer_name`);
    await q.query(`ALTER TABLE contracts_case ALTER COLUMN scheme_id SET NOT NULL, ALTER COLUMN scheme_version SET NOT NULL`);
  }
}
