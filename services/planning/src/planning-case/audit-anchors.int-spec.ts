import { chainHash } from '@yekuo/platform';
import { ServiceHarness } from '@yekuo/testing';
import { Client } from 'pg';
import { CASES, open, startPlanning, withdrawn } from '../testing/planning.fixtures';

jest.setTimeout(120_000);

const ANCHOR = 'mutation { anchorPlanningAuditChains { service anchorNo chains } }';
const AUDIT = 'planningAudit { valid length firstBroken { seq reason } anchoredThrough forgedAnchors }';

/** Runs `fn` on a fresh connection to `url`, closed afterwards. */
async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('audit chains anchored in the witness (real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startPlanning();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const audit = async (caseId: string) => (await h.as('auditor').readCase(caseId, AUDIT)).planningAudit as Record<string, unknown>;

  it('reports a chain the owner role rewrote and re-hashed, naming the first record after the last anchor that still matches', async () => {
    const c = CASES.WD();
    await open(h, c);
    const first = await h.as('auditor').mutate(ANCHOR);
    const { length: anchoredLength } = await audit(c.id);
    await h.publishAndWait(withdrawn(h, c, 'customer changed plans'));
    const second = await h.as('admin').mutate(ANCHOR);
    expect([first.anchorPlanningAuditChains.service, second.anchorPlanningAuditChains.anchorNo]).toEqual([
      'planning',
      first.anchorPlanningAuditChains.anchorNo + 1,
    ]);
    const intact = await audit(c.id);
    expect(intact).toMatchObject({ valid: true, anchoredThrough: intact.length, forgedAnchors: [] });
    expect(intact.length).toBeGreaterThan(anchoredLength as number);
    // Nothing moved: no anchor.
    expect((await h.as('admin').mutate(ANCHOR)).anchorPlanningAuditChains).toBeNull();

    // As the owner: switch the append-only trigger off, edit the record after the first anchor, re-hash the rest.
    const tampered = (anchoredLength as number) + 1;
    await withClient(h.run.env('planning').DATABASE_OWNER_URL, async (owner) => {
      await owner.query('ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only');
      const { rows } = await owner.query<{
        id: string;
        case_id: string;
        seq: number;
        actor_id: string;
        actor_role: string;
        action: string;
        data: Record<string, unknown>;
        recorded_at: Date;
        prev_hash: string;
      }>('SELECT * FROM audit_record WHERE case_id = $1 ORDER BY seq', [c.id]);
      let prevHash = rows[tampered - 2].prev_hash;
      for (const row of rows.slice(tampered - 2)) {
        const data = row.seq === tampered ? { ...row.data, reason: 'never withdrawn' } : row.data;
        const content = {
          caseId: row.case_id,
          seq: row.seq,
          actorId: row.actor_id,
          actorRole: row.actor_role,
          action: row.action,
          data,
          recordedAt: row.recorded_at.toISOString(),
        };
        const hash = chainHash(prevHash, content);
        await owner.query('UPDATE audit_record SET data = $2, prev_hash = $3, hash = $4 WHERE id = $1', [row.id, data, prevHash, hash]);
        prevHash = hash;
      }
      await owner.query('ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only');
    });

    const found = await audit(c.id);
    expect(found).toEqual({
      valid: false,
      length: intact.length,
      firstBroken: {
        seq: tampered,
        reason: `the chain no longer matches anchor ${second.anchorPlanningAuditChains.anchorNo} (seq ${Number(intact.length)}): rewritten after seq ${tampered - 1}, the last anchored record that still matches`,
      },
      anchoredThrough: tampered - 1,
      forgedAnchors: [],
    });
  });

  it("keeps the witness out of the service's database roles' reach and append-only for its writer; reports a forged anchor", async () => {
    const c = CASES.LV();
    await open(h, c);
    const anchorNo = (await h.as('auditor').mutate(ANCHOR)).anchorPlanningAuditChains.anchorNo as number;
    const witnessUrl = h.run.witnessUrl('planning');
    const env = h.run.env('planning');
    for (const role of [env.DATABASE_URL, env.DATABASE_OWNER_URL]) {
      const asRole = new URL(witnessUrl);
      asRole.username = new URL(role).username;
      await expect(withClient(asRole.toString(), (client) => client.query('SELECT 1'))).rejects.toMatchObject({ code: '42501' });
    }
    await withClient(witnessUrl, async (writer) => {
      await expect(writer.query('UPDATE audit_anchor SET hash = $1 WHERE case_id = $2', ['0'.repeat(64), c.id])).rejects.toMatchObject({
        code: '42501',
      });
      await expect(writer.query('DELETE FROM audit_anchor WHERE case_id = $1', [c.id])).rejects.toMatchObject({ code: '42501' });
      await expect(writer.query('TRUNCATE audit_anchor')).rejects.toMatchObject({ code: '42501' });
      // Another service's rows are neither written nor seen.
      await expect(
        writer.query(
          `INSERT INTO audit_anchor (service, anchor_no, anchored_at, case_id, seq, hash, key_id, signature) VALUES ('intake', 1, now(), $1, 1, $2, 'k', 's')`,
          [c.id, '0'.repeat(64)],
        ),
      ).rejects.toMatchObject({ code: '42501' });
    });
    expect(await audit(c.id)).toMatchObject({ valid: true, forgedAnchors: [] });

    // Someone able to write the witness adds an anchor the key never signed.
    const { length } = await audit(c.id);
    await withClient(`${h.run.pgUrl}/${new URL(witnessUrl).pathname.slice(1)}`, (admin) =>
      admin.query(
        `INSERT INTO audit_anchor (service, anchor_no, anchored_at, case_id, seq, hash, key_id, signature, written_by)
         SELECT service, anchor_no + 1000, anchored_at, case_id, seq, hash, key_id, signature, written_by FROM audit_anchor WHERE case_id = $1`,
        [c.id],
      ),
    );
    expect(await audit(c.id)).toMatchObject({ valid: false, length, anchoredThrough: length, forgedAnchors: [anchorNo + 1000] });
  });

  describe('on a schedule, with two instances', () => {
    let two: ServiceHarness;
    beforeAll(async () => {
      two = await startPlanning({ env: { AUDIT_ANCHOR_INTERVAL_MS: '150' } });
      await two.startInstance();
    });
    afterAll(async () => {
      await two?.stop();
    });

    it('makes each anchor once and announces it once, covering every chain that moved', async () => {
      const cases = [CASES.LV(), CASES.REC(), CASES.TWO()];
      for (const c of cases) await open(two, c);
      const witness = `${two.run.pgUrl}/${new URL(two.run.witnessUrl('planning')).pathname.slice(1)}`;
      const anchored = () =>
        withClient(witness, async (admin) => {
          const { rows } = await admin.query<{ anchor_no: string; case_id: string; seq: number }>(
            `SELECT anchor_no, case_id, seq FROM audit_anchor WHERE service = 'planning' ORDER BY anchor_no, case_id`,
          );
          return rows.map((r) => ({ anchorNo: Number(r.anchor_no), caseId: r.case_id, seq: r.seq }));
        });
      const announced = () =>
        two.tap
          .ofType('planning.audit.anchored.v1')
          .map((m) => (m.body as { data: { anchorNo: number } }).data.anchorNo)
          .sort((a, b) => a - b);
      await two.waitFor('every case anchored and every anchor announced', async () => {
        const made = await anchored();
        return cases.every((c) => made.some((r) => r.caseId === c.id)) && announced().length === new Set(made.map((r) => r.anchorNo)).size;
      });
      // Both instances keep trying every 150 ms; nothing moved, so nothing more is made or announced.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const made = await anchored();
      const numbers = [...new Set(made.map((r) => r.anchorNo))];
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      expect(announced()).toEqual(numbers);
      expect(new Set(made.map((r) => `${r.caseId}:${r.seq}`)).size).toBe(made.length);
    });
  });
});
