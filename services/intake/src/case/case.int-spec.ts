import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ErrorCode, UnitOfWork } from '@yekuo/platform';
import { SHARED_DATA_DIR } from '@yekuo/timelimits';
import { ServiceHarness } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  CASE,
  clerkOf,
  COMPLETENESS,
  errorOf,
  newCustomer,
  PDF,
  publishedEvent,
  residentId,
  RESUBMIT,
  RETURN,
  SEARCH,
  startIntake,
  SUBMIT,
  submit,
  supervisorOf,
  Terms,
  upload,
  WITHDRAW,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

describe('cases: submission, category, return, withdrawal, staff search and audit (in process, real PostgreSQL and RabbitMQ)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps one linear audit chain under 50 concurrent writers and names a record edited by SQL', async () => {
    const created = await submit(clerkOf(h), application({ regionCode: '310115' }, { idNumber: residentId(), name: '王小明' }));
    const caseId = created.id as string;
    const unitOfWork = h.app.get(UnitOfWork);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        unitOfWork.run((work) =>
          work.audit({ caseId, actor: { id: `writer-${i}`, role: 'intake-clerk' }, action: 'test.concurrent-note', data: { i } }),
        ),
      ),
    );
    const auditor = h.as('auditor', { sub: 'auditor-1' });
    const verify = async () =>
      (
        await auditor.query(
          `
            query ($id: ID!) {
              case(id: $id) {
                intakeAudit {
                  valid
                  length
                  firstBroken {
                    seq
                    reason
                  }
                }
              }
            }
          `,
          { id: caseId },
        )
      ).case.intakeAudit;

    // The submission and the start of its acceptance clock, then the 50 notes.
    expect(await verify()).toEqual({ valid: true, length: 52, firstBroken: null });
    const dataSource = h.app.get(DataSource);
    const seqs = await dataSource.query<{ seq: number }[]>('SELECT seq FROM audit_record WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));

    // The service's own role may not change a record (decision 0015) and the table refuses edits even to a
    // superuser; a superuser who switches triggers off is still caught.
    const tamper = `UPDATE audit_record SET data = '{"i": 999}' WHERE case_id = $1 AND seq = 17`;
    await expect(dataSource.query(tamper, [caseId])).rejects.toThrow(/permission denied for table audit_record/);
    const superuser = await new DataSource({ type: 'postgres', url: h.run.databaseUrl('intake') }).initialize();
    try {
      await expect(superuser.query(tamper, [caseId])).rejects.toThrow(/append-only/);
      await superuser.transaction(async (manager) => {
        await manager.query('SET LOCAL session_replication_role = replica');
        await manager.query(tamper, [caseId]);
      });
    } finally {
      await superuser.destroy();
    }
    const broken = await verify();
    expect(broken.valid).toBe(false);
    expect(broken.firstBroken).toEqual({ seq: 17, reason: 'content does not match its hash' });
  });

  it('gives 100 concurrent submissions 100 distinct, gap-free case numbers', async () => {
    // Numbers run on from whatever this database issued before (nothing, when the test runs alone).
    const counters = await h.app.get(DataSource).query<{ year: number; last: number }[]>('SELECT year, last FROM case_number_counter');
    const clerk = clerkOf(h);
    const created = await Promise.all(
      Array.from({ length: 100 }, () =>
        submit(
          clerk,
          application({ regionCode: '310115', siteAddress: '上海市浦东新区世纪大道100号' }, { idNumber: residentId(), name: '王小明' }),
        ),
      ),
    );
    const numbers = created.map((c: { number: string }) => c.number).sort();
    expect(new Set(numbers).size).toBe(100);
    const year = numbers[0].slice(3, 7);
    const before = counters.find((c) => c.year === Number(year))?.last ?? 0;
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => `YK-${year}-${String(before + i + 1).padStart(6, '0')}`));
  });

  it('lists every invalid field at once', async () => {
    const input = { ...application({ regionCode: '310115' }, { idNumber: 'x', name: '王小明' }), capacityKva: -3, regionCode: '31' };
    const response = await clerkOf(h).raw(SUBMIT, { input });
    expect(errorOf(response).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(
      errorOf(response)
        .fields?.map((f) => f.field)
        .sort(),
    ).toEqual(['input.capacityKva', 'input.customer.idNumber', 'input.regionCode']);
  });

  it('refuses a voltage level outside the VoltageLevel enum before any validation', async () => {
    const input = { ...application({ regionCode: '310115' }, { idNumber: 'x', name: '王小明' }), voltageLevel: 'AC9V' };
    const response = await clerkOf(h).raw(SUBMIT, { input });
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0].message).toContain('"AC9V" does not exist in "VoltageLevel" enum');
  });

  it('validates every field at once, the ID number by its type and the region against the organisation', async () => {
    const clerk = clerkOf(h);
    const response = await clerk.raw(SUBMIT, {
      input: {
        ...application({ regionCode: '999999' }, { idNumber: '310104198805056666', name: '', phone: '12' }),
        capacityKva: 0,
        loads: [{ name: 'pump', kw: -1, quantity: 0 }],
        categoryOverride: { category: 'HV_DUAL_SOURCE', reason: '' },
      },
    });
    expect(errorOf(response).code).toBe(ErrorCode.VALIDATION_FAILED);
    expect([...new Set(errorOf(response).fields!.map((f) => f.field))].sort()).toEqual([
      'input.capacityKva',
      'input.categoryOverride.reason',
      'input.customer.idNumber',
      'input.customer.name',
      'input.customer.phone',
      'input.loads.0.kw',
      'input.loads.0.quantity',
      'input.regionCode',
    ]);
    // A category outside the CustomerCategory enum is refused by GraphQL before the input is validated.
    const unknownCategory = await clerk.raw(SUBMIT, {
      input: { ...application({}, { idNumber: residentId(), name: '陈一' }), categoryOverride: { category: 'NOPE', reason: 'r' } },
    });
    expect(errorOf(unknownCategory).code).toBe('BAD_USER_INPUT');
    expect(unknownCategory.errors?.[0].message).toContain('"NOPE" does not exist in "CustomerCategory" enum');
    const shop = application(
      { usage: 'COMMERCIAL', voltageLevel: 'AC380V' },
      { idNumber: '91350100M000100Y43', name: '上海某某商贸有限公司' },
    );
    const enterprise = await submit(clerk, { ...shop, customer: { ...shop.customer, idType: 'UNIFIED_SOCIAL_CREDIT_CODE' } });
    expect(enterprise.customer.kind).toBe('ENTERPRISE');
    const person = application({}, { idNumber: residentId(), name: '某' });
    await expect(
      clerk.mutate(SUBMIT, { input: { ...person, customer: { ...person.customer, kind: 'ENTERPRISE' } } }),
    ).rejects.toMatchObject({
      extensions: { fields: [{ field: 'input.customer.kind' }] },
    });
  });

  it('lets a clerk override the derived category with a recorded reason; the event carries the final category', async () => {
    const clerk = clerkOf(h);
    const created = await submit(clerk, {
      ...application({ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, { idNumber: residentId(), name: '钱七' }),
      categoryOverride: { category: 'LV_RESIDENTIAL', reason: 'Shop on the ground floor of the home, billed as residential' },
    });
    expect(created.category).toBe('LV_RESIDENTIAL');
    expect(created.application.derivedCategory).toBe('LV_NON_RESIDENTIAL');
    expect(created.application.categoryOverride).toMatchObject({ category: 'LV_RESIDENTIAL', derivedCategory: 'LV_NON_RESIDENTIAL' });
    const event = await publishedEvent(h, 'intake.application.submitted.v1', created.id);
    expect((event.data as { category: string }).category).toBe('LV_RESIDENTIAL');
    const later = await clerk.mutate(
      `
        mutation ($caseId: ID!) {
          overrideCategory(input: { caseId: $caseId, category: LV_NON_RESIDENTIAL, reason: "Separate shop meter after all" }) {
            category
            application {
              categoryOverride {
                category
                derivedCategory
              }
            }
          }
        }
      `,
      { caseId: created.id },
    );
    expect(later.overrideCategory).toEqual({
      category: 'LV_NON_RESIDENTIAL',
      application: { categoryOverride: { category: 'LV_NON_RESIDENTIAL', derivedCategory: 'LV_NON_RESIDENTIAL' } },
    });
    const audit = await h.app
      .get(DataSource)
      .query<{ action: string }[]>(`SELECT action FROM audit_record WHERE case_id = $1 ORDER BY seq`, [created.id]);
    expect(audit.map((a) => a.action).filter((a) => a === 'intake.category.overridden')).toHaveLength(2);
    const customer = newCustomer(h);
    await expect(
      submit(customer.caller, {
        ...application({}, { idNumber: residentId(), name: '孙八' }),
        categoryOverride: { category: 'HV_SINGLE_SOURCE', reason: 'x' },
      }),
    ).rejects.toMatchObject({ extensions: { fields: [{ field: 'input.categoryOverride' }] } });
  });

  it('returns one notice listing every missing item, keeps the history and refuses acceptance until complete', async () => {
    const clerk = clerkOf(h);
    const owner = newCustomer(h);
    const created = await submit(
      owner.caller,
      application({ usage: 'COMMERCIAL', voltageLevel: 'AC380V' }, { idNumber: residentId(), name: '吴十' }),
    );
    await upload(h, owner.caller, { caseId: created.id, slot: 'BUSINESS_LICENCE', file: PDF });
    const equipment = await upload(h, owner.caller, { caseId: created.id, slot: 'EQUIPMENT_LIST', file: PDF });
    await clerk.mutate(
      `
        mutation ($id: ID!) {
          rejectDocument(input: { documentId: $id, reason: "The list is not signed" }) {
            id
          }
        }
      `,
      { id: equipment.body.id },
    );
    const check = (await owner.caller.query(COMPLETENESS, { caseId: created.id })).completenessCheck;
    expect(check.complete).toBe(false);
    expect(check.items.map((i: { slot: string | null }) => i.slot)).toEqual([
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
      'PROPERTY_OR_LAND_USE_PROOF',
      'EQUIPMENT_LIST',
    ]);
    expect(check.items[3].reason).toContain('The list is not signed');

    await expect(clerk.mutate(ACCEPT, { caseId: created.id })).rejects.toMatchObject({
      extensions: {
        code: ErrorCode.VALIDATION_FAILED,
        fields: [
          { field: 'documents.AUTHORIZATION_LETTER' },
          { field: 'documents.AGENT_ID' },
          { field: 'documents.PROPERTY_OR_LAND_USE_PROOF' },
          { field: 'documents.EQUIPMENT_LIST' },
        ],
      },
    });

    const returned = (
      await clerk.mutate(RETURN, {
        input: { caseId: created.id, items: [{ item: 'Site plan', reason: 'Mark the meter position' }], comment: 'Bring originals' },
      })
    ).returnApplication;
    expect(returned.status).toBe('RETURNED');
    const customerView = (await owner.caller.query(CASE, { id: created.id })).case;
    expect(customerView.returnNotice.items.map((i: { item: string; slot: string | null }) => i.slot ?? i.item)).toEqual([
      'AUTHORIZATION_LETTER',
      'AGENT_ID',
      'PROPERTY_OR_LAND_USE_PROOF',
      'EQUIPMENT_LIST',
      'Site plan',
    ]);
    expect(customerView.returnNotice).toMatchObject({ round: 1, comment: 'Bring originals', resubmittedAt: null });
    const event = await publishedEvent(h, 'intake.application.returned.v1', created.id);
    expect((event.data as { items: unknown[] }).items).toHaveLength(5);

    for (const slot of ['AUTHORIZATION_LETTER', 'AGENT_ID', 'PROPERTY_OR_LAND_USE_PROOF', 'EQUIPMENT_LIST']) {
      expect((await upload(h, owner.caller, { caseId: created.id, slot, file: PDF })).status).toBe(201);
    }
    const resubmitted = (await owner.caller.mutate(RESUBMIT, { caseId: created.id })).resubmitApplication;
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', submissionRound: 2 });
    expect(resubmitted.returnNotices).toHaveLength(1);
    const [notice] = resubmitted.returnNotices;
    expect(Date.parse(notice.resubmittedAt)).toBeGreaterThanOrEqual(Date.parse(notice.returnedAt));
    expect((await clerk.query(COMPLETENESS, { caseId: created.id })).completenessCheck).toEqual({ complete: true, items: [] });
    expect((await clerk.mutate(ACCEPT, { caseId: created.id })).acceptApplication.status).toBe('ACCEPTED');
    await expect(clerk.mutate(RETURN, { input: { caseId: created.id } })).rejects.toMatchObject({
      extensions: { code: ErrorCode.INVALID_TRANSITION, currentState: 'ACCEPTED' },
    });
  });

  it('returns an application with only the missing documents and no comment (null), and says so on the bus', async () => {
    const clerk = clerkOf(h);
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '冯十三' }));
    const returned = (await clerk.mutate(RETURN, { input: { caseId: created.id, items: [], comment: null } })).returnApplication;
    expect(returned.status).toBe('RETURNED');
    const event = await publishedEvent(h, 'intake.application.returned.v1', created.id);
    expect((event.data as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(event.data).not.toHaveProperty('comment');
  });

  it('withdraws once before energization, publishes the event once, and refuses after energization', async () => {
    const owner = newCustomer(h);
    const created = await submit(owner.caller, application({}, { idNumber: residentId(), name: '冯十二' }));
    const withdrawn = (await owner.caller.mutate(WITHDRAW, { caseId: created.id, reason: 'Moved to another city' })).withdrawApplication;
    expect(withdrawn).toMatchObject({
      status: 'WITHDRAWN',
      stage: 'WITHDRAWN',
      withdrawal: { reason: 'Moved to another city', withdrawnBy: owner.id, role: 'CUSTOMER', closedWork: ['acceptance review'] },
    });
    await expect(owner.caller.mutate(WITHDRAW, { caseId: created.id, reason: 'again' })).rejects.toMatchObject({
      extensions: { code: ErrorCode.INVALID_TRANSITION, currentState: 'WITHDRAWN' },
    });
    const uploadAfter = await upload(h, owner.caller, { caseId: created.id, slot: 'APPLICANT_ID', file: PDF });
    expect(uploadAfter).toMatchObject({ status: 409, body: { code: ErrorCode.INVALID_TRANSITION, currentState: 'WITHDRAWN' } });
    await expect(clerkOf(h).mutate(ACCEPT, { caseId: created.id })).rejects.toMatchObject({ extensions: { currentState: 'WITHDRAWN' } });
    const event = await publishedEvent(h, 'intake.application.withdrawn.v1', created.id);
    expect(event.data).toMatchObject({
      caseId: created.id,
      customerId: owner.id,
      reason: 'Moved to another city',
      actor: { id: owner.id, role: 'customer' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.eventsOf(created.id).filter((e) => e.type === 'intake.application.withdrawn.v1')).toHaveLength(1);

    // Energized: the fact arrives (twice: redelivery) and withdrawal is refused from then on.
    const powered = await submit(owner.caller, application());
    const energized = h.event('metering.case.energized.v1', {
      caseId: powered.id,
      caseNumber: powered.number,
      customerId: owner.id,
      category: 'LV_RESIDENTIAL',
      policyVersion: '2026-01',
      actor: { id: 'tech-1', role: 'metering-technician' },
      energizedAt: new Date().toISOString(),
    });
    await h.publish(energized, energized);
    const dataSource = h.app.get(DataSource);
    await h.waitFor('the energization fact', async () => {
      const [row] = await dataSource.query<{ energized_at: Date | null }[]>('SELECT energized_at FROM connection_case WHERE id = $1', [
        powered.id,
      ]);
      return row.energized_at;
    });
    await expect(owner.caller.mutate(WITHDRAW, { caseId: powered.id, reason: 'Too late' })).rejects.toMatchObject({
      extensions: { code: ErrorCode.INVALID_TRANSITION, currentState: 'ENERGIZED' },
    });
    const facts = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE case_id = $1 AND action = 'intake.fact.energized'`,
      [powered.id],
    );
    expect(facts[0].n).toBe(1);
  });

  it('pages staff search by cursor without duplicates or gaps, newest first, under every filter', async () => {
    const clerk = clerkOf(h);
    const supervisor = supervisorOf(h);
    const made: { id: string; region: string; category: string }[] = [];
    for (let i = 0; i < 23; i += 1) {
      const region = i % 2 ? '310101' : '310115';
      const terms: Terms = i % 3 ? { regionCode: region } : { regionCode: region, usage: 'COMMERCIAL', voltageLevel: 'AC380V' };
      const created = await submit(clerk, application(terms, { idNumber: residentId(), name: `客户${i}` }));
      made.push({ id: created.id, region, category: created.category });
    }
    const all = async (filter: Record<string, unknown>, first: number) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 50; pages += 1) {
        const page: any = (await supervisor.query(SEARCH, { filter, first, after })).cases;
        ids.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return ids;
    };
    const dataSource = h.app.get(DataSource);
    const expected = async (where: string, params: unknown[]) =>
      (
        await dataSource.query<{ id: string }[]>(
          `SELECT id FROM connection_case WHERE ${where} ORDER BY submitted_at DESC, id DESC`,
          params,
        )
      ).map((r) => r.id);

    const pudong = await all({ regionCode: '310115' }, 4);
    expect(pudong).toEqual(await expected(`region_code = '310115'`, []));
    expect(new Set(pudong).size).toBe(pudong.length);
    for (const m of made.filter((x) => x.region === '310115')) expect(pudong).toContain(m.id);

    const commercial = await all({ category: 'LV_NON_RESIDENTIAL', regionCode: '310101' }, 3);
    expect(commercial).toEqual(await expected(`category = 'LV_NON_RESIDENTIAL' AND region_code = '310101'`, []));
    expect(await all({ stage: 'APPLICATION', status: 'SUBMITTED' }, 7)).toEqual(
      await expected(`stage = 'APPLICATION' AND status = 'SUBMITTED'`, []),
    );
    const everything = await all({}, 100);
    expect(everything).toEqual(await expected('true', []));

    const [{ at }] = await dataSource.query<{ at: string }[]>('SELECT submitted_at::text AS at FROM connection_case WHERE id = $1', [
      made[10].id,
    ]);
    const since = await all({ submittedFrom: new Date(Date.parse(at)).toISOString() }, 5);
    expect(since).toEqual(await expected(`submitted_at >= $1`, [new Date(Date.parse(at)).toISOString()]));
    expect(since).toContain(made[22].id);
    expect(since).not.toContain(made[0].id);

    const number = await dataSource.query<{ number: string }[]>('SELECT number FROM connection_case WHERE id = $1', [made[5].id]);
    expect(await all({ number: number[0].number }, 1)).toEqual([made[5].id]);

    for (const first of [0, 101]) {
      await expect(supervisor.query(SEARCH, { first })).rejects.toMatchObject({ extensions: { fields: [{ field: 'first' }] } });
    }
    await expect(supervisor.query(SEARCH, { first: 5, after: 'bm9wZQ' })).rejects.toMatchObject({
      extensions: { fields: [{ field: 'after' }] },
    });

    // The table is small here, so the planner is told to prefer indexes: what matters is that one serves filter and order.
    const plan = await dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      await manager.query('SET LOCAL enable_bitmapscan = off');
      return manager.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM connection_case WHERE region_code = '310115' AND (submitted_at, id) < (now(), '${made[3].id}'::uuid)
         ORDER BY submitted_at DESC, id DESC LIMIT 21`,
      );
    });
    const text = plan.map((p) => p['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan Backward using connection_case_by_region_code/);
    expect(text).not.toMatch(/Sort/);
  });
});

describe('the time-limit policy a case is accepted under (real PostgreSQL and RabbitMQ)', () => {
  let dir: string;
  let h: ServiceHarness;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yekuo-policy-'));
    // A version in force since mid-2026 beside the shipped one.
    const policy = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
      versions: Array<Record<string, unknown>>;
    };
    policy.versions.push({ ...policy.versions[0], id: '2026-07', effectiveFrom: '2026-07-01' });
    writeFileSync(join(dir, 'time-limits.json'), JSON.stringify(policy));
    h = await startIntake({ env: { TIME_LIMIT_POLICY_FILE: join(dir, 'time-limits.json') } });
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stamps the version in force at acceptance on the case and its acceptance event', async () => {
    const clerk = clerkOf(h);
    const input = application(
      { regionCode: '310115', siteAddress: '上海市浦东新区世纪大道100号' },
      { idNumber: residentId(), name: '赵六', phone: '13900001111' },
    );
    const created = await submit(clerk, input);
    expect(created.policyVersion).toBe('2026-07');
    const caseId = created.id as string;
    const { completenessCheck } = await clerk.query(COMPLETENESS, { caseId });
    for (const { slot } of completenessCheck.items as Array<{ slot: string }>) {
      const uploaded = await upload(h, clerk, { caseId, slot, file: Buffer.from('%PDF-1.4\n%%EOF\n'), name: `${slot}.pdf` });
      expect(uploaded.status).toBe(201);
    }
    const { acceptApplication } = await clerk.mutate(ACCEPT, { caseId });
    expect(acceptApplication.policyVersion).toBe('2026-07');

    const event = await publishedEvent(h, 'intake.application.accepted.v1', caseId);
    expect(event.data).toMatchObject({ caseId, policyVersion: '2026-07' });
  });
});
