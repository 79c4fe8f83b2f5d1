import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Design review and completion acceptance documents by checklist slot, itemised review
 * comments, the design unit's qualification, intermediate inspection items each PASS or
 * FAIL with the rectification items they raise, customer time (waits on the customer
 * between a return or a failure and the next submission), and the withdrawal of a case
 * as a recorded fact that closes every open piece of work.
 */
export class ChecklistsRectificationWithdrawal1765000000000 implements MigrationInterface {
  name = 'ChecklistsRectificationWithdrawal1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // The case copy: a withdrawal may arrive before the confirmed scheme, so a cancelled
    // copy can exist without scheme terms; the cancellation itself is a fact on the row.
    await q.query(`ALTER TABLE inspection_case DROP CONSTRAINT inspection_case_status_check`);
    await q.query(`
      ALTER TABLE inspection_case
        ADD CONSTRAINT inspection_case_status CHECK (status IN ('NOT_REQUIRED', 'AWAITING_DESIGN', 'DESIGN_SUBMITTED',
          'DESIGN_RETURNED', 'DESIGN_APPROVED', 'AWAITING_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'INTERMEDIATE_REQUESTED',
          'INTERMEDIATE_FAILED', 'INTERMEDIATE_PASSED', 'ACCEPTANCE_REQUESTED', 'ACCEPTANCE_PASSED', 'ACCEPTANCE_FAILED', 'CANCELLED')),
        ALTER COLUMN scheme_id DROP NOT NULL,
        ALTER COLUMN scheme_version DROP NOT NULL,
        ALTER COLUMN capacity_kva DROP NOT NULL,
        ALTER COLUMN voltage_level DROP NOT NULL,
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text,
        ADD COLUMN cancel_event_id uuid,
        ADD COLUMN cancelled_by text,
        ADD COLUMN cancelled_work text[],
        ADD CONSTRAINT inspection_case_scheme_terms CHECK (status = 'CANCELLED'
          OR (scheme_id IS NOT NULL AND scheme_version IS NOT NULL AND capacity_kva IS NOT NULL AND voltage_level IS NOT NULL)),
        ADD CONSTRAINT inspection_case_cancellation CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)
          AND (cancelled_at IS NULL OR (cancel_reason IS NOT NULL AND cancel_event_id IS NOT NULL AND cancelled_by IS NOT NULL
            AND cancelled_work IS NOT NULL)))`);

    // Design review: documents by checklist slot, comments by slot, the unit's qualification.
    await q.query(`
      ALTER TABLE design_submission
        ADD COLUMN design_unit_qualification text,
        ADD COLUMN design_unit_certificate text,
        ADD COLUMN document_items jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN comment_items jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE design_submission SET
        document_items = (SELECT coalesce(jsonb_agg(jsonb_build_object('item', NULL, 'documentId', d) ORDER BY n), '[]')
                          FROM unnest(documents) WITH ORDINALITY AS t(d, n)),
        comment_items = (SELECT coalesce(jsonb_agg(jsonb_build_object('item', NULL, 'text', c) ORDER BY n), '[]')
                         FROM unnest(comments) WITH ORDINALITY AS t(c, n))`);
    await q.query(`
      ALTER TABLE design_submission
        DROP CONSTRAINT design_submission_return_has_comments,
        DROP CONSTRAINT design_submission_decision_check,
        DROP COLUMN documents,
        DROP COLUMN comments,
        ADD CONSTRAINT design_submission_decision CHECK (decision IN ('APPROVED', 'RETURNED', 'CANCELLED')),
        ADD CONSTRAINT design_submission_has_documents CHECK (jsonb_array_length(document_items) > 0),
        ADD CONSTRAINT design_submission_return_has_comments
          CHECK (decision IS DISTINCT FROM 'RETURNED' OR jsonb_array_length(comment_items) > 0)`);

    // Intermediate inspection: every item recorded with its result; a re-inspection's scope.
    await q.query(`
      ALTER TABLE intermediate_inspection
        ADD COLUMN scope text[] NOT NULL DEFAULT '{}',
        ADD COLUMN rectification_note text,
        ADD COLUMN item_results jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE intermediate_inspection SET item_results =
        (SELECT coalesce(jsonb_agg(jsonb_build_object('item', i, 'result', 'FAIL', 'note', NULL) ORDER BY n), '[]')
         FROM unnest(items) WITH ORDINALITY AS t(i, n))`);
    await q.query(`
      ALTER TABLE intermediate_inspection
        DROP CONSTRAINT intermediate_inspection_failure_has_items,
        DROP CONSTRAINT intermediate_inspection_result_check,
        DROP COLUMN items,
        ADD CONSTRAINT intermediate_inspection_result CHECK (result IN ('PASSED', 'FAILED', 'CANCELLED')),
        ADD CONSTRAINT intermediate_inspection_recorded_has_items
          CHECK (result IS NULL OR result = 'CANCELLED' OR jsonb_array_length(item_results) > 0)`);

    await q.query(`
      CREATE TABLE rectification_item (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES inspection_case (case_id),
        item text NOT NULL,
        note text,
        raised_round int NOT NULL CHECK (raised_round > 0),
        raised_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'CANCELLED')),
        resolved_round int,
        closed_at timestamptz,
        CONSTRAINT rectification_item_raised FOREIGN KEY (case_id, raised_round)
          REFERENCES intermediate_inspection (case_id, round),
        CONSTRAINT rectification_item_closed CHECK ((status = 'OPEN') = (closed_at IS NULL)
          AND (status = 'RESOLVED') = (resolved_round IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX rectification_item_open_once ON rectification_item (case_id, item) WHERE status = 'OPEN'`);

    // Completion acceptance: documents by checklist slot.
    await q.query(`ALTER TABLE acceptance_round ADD COLUMN document_items jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE acceptance_round SET document_items =
        (SELECT coalesce(jsonb_agg(jsonb_build_object('item', NULL, 'documentId', d) ORDER BY n), '[]')
         FROM unnest(documents) WITH ORDINALITY AS t(d, n))`);
    await q.query(`
      ALTER TABLE acceptance_round
        DROP CONSTRAINT acceptance_round_result_check,
        DROP COLUMN documents,
        ADD CONSTRAINT acceptance_round_result CHECK (result IN ('PASSED', 'FAILED', 'CANCELLED')),
        ADD CONSTRAINT acceptance_round_has_documents CHECK (jsonb_array_length(document_items) > 0)`);

    // Customer time: from a return or failure until the customer's next submission; a
    // time-limit clock reads these as pauses of the utility's time.
    await q.query(`
      CREATE TABLE customer_wait (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES inspection_case (case_id),
        stage text NOT NULL CHECK (stage IN ('DESIGN_REVIEW', 'INTERMEDIATE_INSPECTION', 'COMPLETION_ACCEPTANCE')),
        round int NOT NULL CHECK (round > 0),
        reason text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_by text,
        CONSTRAINT customer_wait_once_per_round UNIQUE (case_id, stage, round),
        CONSTRAINT customer_wait_ends_after_start CHECK (ended_at IS NULL OR ended_at >= started_at),
        CONSTRAINT customer_wait_ended_by CHECK ((ended_at IS NULL) = (ended_by IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX customer_wait_open_once ON customer_wait (case_id, stage) WHERE ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old schema has no place for a withdrawal: refuse rather than lose it.
    const [{ cancelled }] = (await q.query(`SELECT count(*)::int AS cancelled FROM inspection_case WHERE status = 'CANCELLED'`)) as {
      cancelled: number;
    }[];
    if (cancelled > 0) throw new Error(`Cannot revert: ${cancelled} cancelled inspection case(s) would lose their withdrawal`);

    await q.query('DROP TABLE customer_wait');
    await q.query(`ALTER TABLE acceptance_round DROP CONSTRAINT acceptance_round_result, DROP CONSTRAINT acceptance_round_has_documents,
      ADD COLUMN documents text[]`);
    await q.query(`UPDATE acceptance_round SET documents = ARRAY(SELECT d->>'documentId' FROM jsonb_array_elements(document_items) d)`);
    await q.query(`ALTER TABLE acceptance_round DROP COLUMN document_items, ALTER COLUMN documents SET NOT NULL,
      ADD CONSTRAINT acceptance_round_documents_check CHECK (cardinality(documents) > 0),
      ADD CONSTRAINT acceptance_round_result_check CHECK (result IN ('PASSED', 'FAILED'))`);

    await q.query('DROP TABLE rectification_item');
    await q.query(`ALTER TABLE intermediate_inspection DROP CONSTRAINT intermediate_inspection_result,
      DROP CONSTRAINT intermediate_inspection_recorded_has_items, ADD COLUMN items text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE intermediate_inspection SET items =
      ARRAY(SELECT r->>'item' FROM jsonb_array_elements(item_results) r WHERE r->>'result' = 'FAIL')`);
    await q.query(`ALTER TABLE intermediate_inspection DROP COLUMN scope, DROP COLUMN rectification_note, DROP COLUMN item_results,
      ADD CONSTRAINT intermediate_inspection_result_check CHECK (result IN ('PASSED', 'FAILED')),
      ADD CONSTRAINT intermediate_inspection_failure_has_items CHECK (result IS DISTINCT FROM 'FAILED' OR cardinality(items) > 0)`);

    await q.query(`ALTER TABLE design_submission DROP CONSTRAINT design_submission_decision,
      DROP CONSTRAINT design_submission_has_documents, DROP CONSTRAINT design_submission_return_has_comments,
      ADD COLUMN documents text[], ADD COLUMN comments text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE design_submission SET
      documents = ARRAY(SELECT d->>'documentId' FROM jsonb_array_elements(document_items) d),
      comments = ARRAY(SELECT c->>'text' FROM jsonb_array_elements(comment_items) c)`);
    await q.query(`ALTER TABLE design_submission DROP COLUMN document_items, DROP COLUMN comment_items,
      DROP COLUMN design_unit_qualification, DROP COLUMN design_unit_certificate, ALTER COLUMN documents SET NOT NULL,
      ADD CONSTRAINT design_submission_documents_check CHECK (cardinality(documents) > 0),
      ADD CONSTRAINT design_submission_decision_check CHECK (decision IN ('APPROVED', 'RETURNED')),
      ADD CONSTRAINT design_submission_return_has_comments CHECK (decision IS DISTINCT FROM 'RETURNED' OR cardinality(comments) > 0)`);

    await q.query(`UPDATE inspection_case SET status = 'UNDER_CONSTRUCTION' WHERE status = 'INTERMEDIATE_FAILED'`);
    await q.query(`ALTER TABLE inspection_case DROP CONSTRAINT inspection_case_status, DROP CONSTRAINT inspection_case_scheme_terms,
      DROP CONSTRAINT inspection_case_cancellation, DROP COLUMN cancelled_at, DROP COLUMN cancel_reason, DROP COLUMN cancel_event_id,
      DROP COLUMN cancelled_by, DROP COLUMN cancelled_work, ALTER COLUMN scheme_id SET NOT NULL, ALTER COLUMN scheme_version SET NOT NULL,
      ALTER COLUMN capacity_kva SET NOT NULL, ALTER COLUMN voltage_level SET NOT NULL,
      ADD CONSTRAINT inspection_case_status_check CHECK (status IN ('NOT_REQUIRED', 'AWAITING_DESIGN', 'DESIGN_SUBMITTED',
        'DESIGN_RETURNED', 'DESIGN_APPROVED', 'AWAITING_CONSTRUCTION', 'UNDER_CONSTRUCTION', 'INTERMEDIATE_REQUESTED',
        'INTERMEDIATE_PASSED', 'ACCEPTANCE_REQUESTED', 'ACCEPTANCE_PASSED', 'ACCEPTANCE_FAILED'))`);
  }
}
