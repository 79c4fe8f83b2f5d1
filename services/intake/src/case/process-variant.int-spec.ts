import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventPayload } from '@yekuo/events';
import { SHARED_DATA_DIR } from '@yekuo/timelimits';
import { ServiceHarness } from '@yekuo/testing';
import {
  ACCEPT,
  application,
  clerkOf,
  publishedEvent,
  residentId,
  startIntake,
  submit,
  Terms,
  uploadChecklist,
} from '../testing/intake.fixtures';

jest.setTimeout(120_000);

const VARIANT = `query ($id: ID!) { case(id: $id) { processVariant journey {
  currentStage links { id title stages status } openActions { code }
} } }`;

/**
 * The process variant a case walks, on the real database and broker: picked at acceptance from the
 * policy the case is pinned to and the terms applied for, published on the acceptance, shown on the
 * case and its journey, and changed when planning says the case left 三零.
 */
describe('process variants (in process, real PostgreSQL and RabbitMQ)', () => {
  let dir: string;
  let h: ServiceHarness;
  beforeAll(async () => {
    // The utility serves Shanghai regions only: with Pudong left out of Shanghai's prefixes, it stands for a
    // region under the national default (a low-voltage ceiling of 100 kVA instead of Shanghai's 160 kW).
    dir = mkdtempSync(join(tmpdir(), 'yekuo-policy-'));
    const policy = JSON.parse(readFileSync(join(SHARED_DATA_DIR, 'time-limits.json'), 'utf8')) as {
      jurisdictions: Record<string, { regionPrefixes: string[] }>;
    };
    policy.jurisdictions.shanghai.regionPrefixes = ['310101', '310104'];
    writeFileSync(join(dir, 'time-limits.json'), JSON.stringify(policy));
    h = await startIntake({ env: { TIME_LIMIT_POLICY_FILE: join(dir, 'time-limits.json') } });
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const clerk = () => clerkOf(h);
  const variantOf = async (caseId: string) => (await clerk().query(VARIANT, { id: caseId })).case;
  /** Submits and accepts an application with `terms` and `capacityKva`; the case id and its acceptance event. */
  const accepted = async (terms: Terms, capacityKva: number) => {
    const created = await submit(clerk(), { ...application(terms, { idNumber: residentId(), name: '钱七' }), capacityKva });
    const caseId = created.id as string;
    expect((await variantOf(caseId)).processVariant).toBeNull();
    await uploadChecklist(h, clerk(), caseId);
    await clerk().mutate(ACCEPT, { caseId });
    return { caseId, event: await publishedEvent(h, 'intake.application.accepted.v1', caseId) };
  };
  /** The case once the journey recorded its acceptance (its links are known from then on). */
  const afterAcceptance = (caseId: string) =>
    h.waitFor('the acceptance in the journey', async () => {
      const found = await variantOf(caseId);
      return found.journey.links.length > 0 ? found : undefined;
    });

  it('picks 三零 for a Shanghai shop within its ceiling, pre-reform above the national one, 三省 at high voltage', async () => {
    // 120 kW at power factor 0.85, below Shanghai's 160 kW.
    const shop = await accepted({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: '310104' }, 141.18);
    expect(shop.event.data).toMatchObject({ processVariant: 'THREE_ZERO', category: 'LV_NON_RESIDENTIAL' });
    const walked = await afterAcceptance(shop.caseId);
    expect(walked.processVariant).toBe('THREE_ZERO');
    expect(walked.journey.currentStage).toBe('CONTRACT_AND_FEES');
    expect(walked.journey.links).toEqual([
      { id: 'APPLY_AND_SIGN', title: expect.any(String), stages: ['APPLICATION', 'CONTRACT_AND_FEES'], status: 'CURRENT' },
      {
        id: 'CONSTRUCT_AND_CONNECT',
        title: expect.any(String),
        stages: ['SURVEY', 'SUPPLY_SCHEME', 'METER_INSTALLATION', 'ENERGIZATION'],
        status: 'PENDING',
      },
    ]);
    expect(walked.journey.openActions).toEqual([{ code: 'SURVEY_AND_DRAFT_SCHEME' }]);

    const large = await accepted({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: '310115' }, 150);
    expect(large.event.data).toMatchObject({ processVariant: 'PRE_REFORM', category: 'LV_NON_RESIDENTIAL' });
    expect((await afterAcceptance(large.caseId)).processVariant).toBe('PRE_REFORM');

    const factory = await accepted({ usage: 'INDUSTRIAL', voltageLevel: 'AC10KV', regionCode: '310104' }, 1250);
    expect(factory.event.data).toMatchObject({ processVariant: 'THREE_SAVINGS', category: 'HV_SINGLE_SOURCE' });
    const hv = await afterAcceptance(factory.caseId);
    expect(hv.processVariant).toBe('THREE_SAVINGS');
    expect(hv.journey.links.map((link: { id: string }) => link.id)).toEqual(['APPLY', 'SCHEME_REPLY', 'INSPECT_AND_CONNECT']);
  });

  it('follows planning when a scheme takes the case out of 三零, and shows a case accepted before variants as pre-reform', async () => {
    const { caseId, event } = await accepted({ usage: 'COMMERCIAL', voltageLevel: 'AC380V', regionCode: '310104' }, 141.18);
    await afterAcceptance(caseId);
    const { caseNumber, customerId, category, policyVersion } = event.data as EventPayload<'intake.application.accepted.v1'>;
    // Planning's reply of a scheme that no longer qualifies for 三零.
    const replied = h.event('planning.scheme.replied.v1', {
      caseId,
      caseNumber,
      customerId,
      category,
      policyVersion,
      actor: { id: 'planner-1', role: 'planner' },
      schemeId: randomUUID(),
      version: 1,
      processVariant: 'PRE_REFORM',
    });
    await h.publishAndWait(replied);
    const left = await h.waitFor('the reply in the journey', async () => {
      const found = await variantOf(caseId);
      return found.processVariant === 'PRE_REFORM' ? found : undefined;
    });
    expect(left.journey.openActions).toEqual([{ code: 'CONFIRM_SCHEME' }]);
    expect(left.journey.links.map((link: { id: string }) => link.id)).toEqual([
      'ACCEPTANCE',
      'SURVEY',
      'SUPPLY_SCHEME',
      'COMPLETION_ACCEPTANCE',
      'CONTRACT_AND_FEES',
      'METER_INSTALLATION',
      'ENERGIZATION',
    ]);

    await h.app.get(DataSource).query('UPDATE connection_case SET process_variant = NULL WHERE id = $1', [caseId]);
    expect((await variantOf(caseId)).processVariant).toBe('PRE_REFORM');
  });
});
