import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The process a case walks (docs/DOMAIN.md, "Process variants") on contracts' copy, and the terms
 * version of each contract version: under 三零 the contract is drafted at acceptance from the
 * application's terms (version 0), so it has no scheme yet and none of the terms only a scheme sets
 * (supply points, metering, tariff, property boundary); a later scheme that changes its voltage,
 * capacity or sources supersedes even a fully signed version.
 */
export class ProcessVariant1770300000000 implements MigrationInterface {
  name = 'ProcessVariant1770300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contracts_case
        ADD COLUMN process_variant text CHECK (process_variant IN ('PRE_REFORM', 'THREE_ZERO', 'THREE_SAVINGS'))`);
    await q.query(`
      ALTER TABLE supply_contract
        ADD COLUMN terms_version int CHECK (terms_version >= 0),
        ALTER COLUMN scheme_id DROP NOT NULL,
        ALTER COLUMN scheme_version DROP NOT NULL,
        ALTER COLUMN supply_points DROP NOT NULL,
        ALTER COLUMN metering_method DROP NOT NULL,
        ALTER COLUMN tariff_category DROP NOT NULL,
        ALTER COLUMN property_boundary DROP NOT NULL,
        ADD CONSTRAINT supply_contract_scheme CHECK (
          (scheme_id IS NULL) = (scheme_version IS NULL)
          AND (scheme_id IS NOT NULL OR terms_version = 0)
          AND (scheme_id IS NULL) = (supply_points IS NULL)
          AND (scheme_id IS NULL) = (metering_method IS NULL)
          AND (scheme_id IS NULL) = (tariff_category IS NULL)
          AND (scheme_id IS NULL) = (property_boundary IS NULL)),
        DROP CONSTRAINT supply_contract_fully_signed_at,
        ADD CONSTRAINT supply_contract_fully_signed_at CHECK (
          (status <> 'FULLY_SIGNED' OR fully_signed_at IS NOT NULL)
          AND (fully_signed_at IS NULL OR status IN ('FULLY_SIGNED', 'SUPERSEDED')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(
      `SELECT count(*)::int AS n FROM supply_contract WHERE scheme_id IS NULL OR (status = 'SUPERSEDED' AND fully_signed_at IS NOT NULL)`,
    )) as { n: number }[];
    if (n > 0) {
      throw new Error(
        `${n} contract versions carry an application's terms or were superseded after full signature: the schema before process variants cannot hold them`,
      );
    }
    await q.query(`
      ALTER TABLE supply_contract
        DROP CONSTRAINT supply_contract_fully_signed_at,
        ADD CONSTRAINT supply_contract_fully_signed_at CHECK ((status = 'FULLY_SIGNED') = (fully_signed_at IS NOT NULL)),
        DROP CONSTRAINT supply_contract_scheme,
        ALTER COLUMN property_boundary SET NOT NULL,
        ALTER COLUMN tariff_category SET NOT NULL,
        ALTER COLUMN metering_method SET NOT NULL,
        ALTER COLUMN supply_points SET NOT NULL,
        ALTER COLUMN scheme_version SET NOT NULL,
        ALTER COLUMN scheme_id SET NOT NULL,
        DROP COLUMN terms_version`);
    await q.query(`ALTER TABLE contracts_case DROP COLUMN process_variant`);
  }
}
