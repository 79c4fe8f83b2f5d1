import { expectData } from '@yekuo/testing';
import {
  DEPARTMENTS,
  DUAL_SOURCE_STEPS,
  DualSourceWalk,
  registerConstructionUnits,
  SAFETY_ITEMS,
  waitUntil,
  walkPath,
} from '../e2e/operations';
import {
  actionCard,
  asPerson,
  caseDriver,
  ConsoleFixture,
  Crew,
  crewFor,
  expectClean,
  newWalk,
  openCase,
  Person,
  startConsoleFixture,
} from './browser.fixtures';

jest.setTimeout(240_000);

type Department = (typeof DEPARTMENTS)[number];

/** The console's English name of each countersigning department. */
const DEPARTMENT_NAMES: Record<Department, string> = {
  marketing: 'Marketing',
  operations: 'Operations and maintenance',
  dispatch: 'Dispatch',
  metering: 'Metering',
  safety: 'Safety supervision',
};

/** A department's signer: a staff person with the department in their sign-in, no team or regions. */
const signer = (department: Department): Person => ({
  side: 'staff',
  roles: ['department-signer'],
  sub: `signer-b-${department}`,
  name: `Signer of ${DEPARTMENT_NAMES[department]}`,
  team: '',
  regions: '',
  department,
});

const ACCEPTANCE = `query($id: ID!) { case(id: $id) {
  acceptance { status currentRound passedDepartments pendingDepartments signatures { department } rectificationNotice { round items { department item } } }
  metering { blockedBy gateOpen gateOpenedAt }
} }`;

interface AcceptanceRead {
  acceptance: {
    status: string;
    currentRound: number;
    passedDepartments: string[];
    pendingDepartments: string[];
    signatures: { department: string }[];
    rectificationNotice: { round: number; items: { department: string; item: string }[] } | null;
  };
  metering: { blockedBy: string[]; gateOpen: boolean; gateOpenedAt: string | null };
}

describe('A high-voltage dual-source completion acceptance countersigned in the console', () => {
  let f: ConsoleFixture;
  let crew: Crew;
  let walk: DualSourceWalk & { customerId: string };

  beforeAll(async () => {
    f = await startConsoleFixture();
    crew = await crewFor(f);
    // Qualified construction units serve the district, so the survey recommends some.
    await registerConstructionUnits(caseDriver(f), crew.planner);
    walk = await newWalk(f, crew, 1);
    await walkPath(DUAL_SOURCE_STEPS, walk, { until: 'request completion acceptance' });
  }, 300_000);

  afterAll(async () => {
    await f?.stop();
  });

  const customer = (): Person => ({ side: 'customer', roles: ['customer'], sub: walk.customerId, name: '周工' });
  const read = async () => expectData(await f.gql<{ case: AcceptanceRead }>(ACCEPTANCE, { id: walk.caseId }, crew.supervisor)).case;

  /** The signer opens the case from their work and countersigns the current round as `result`. */
  async function countersign(department: Department, result: 'Pass' | 'Fail'): Promise<void> {
    await asPerson(f, signer(department), async (page) => {
      await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
      await openCase(page, walk.number!);
      const card = await actionCard(page, 'Countersign completion acceptance');
      await card.getByText(`You countersign for ${DEPARTMENT_NAMES[department]}.`, { exact: true }).waitFor();
      // Pass is chosen until the signer says otherwise.
      expect(await card.getByRole('radio', { name: 'Pass' }).isChecked()).toBe(true);
      if (result === 'Fail') {
        await card.getByRole('radio', { name: 'Fail' }).check();
        // A failure without items is refused beside the field, before anything is sent.
        await card.getByRole('button', { name: 'Countersign', exact: true }).click();
        await card.getByText('A failure needs at least one item to rectify', { exact: true }).waitFor();
        await card.getByLabel('Items to rectify').fill(SAFETY_ITEMS.join('\n'));
      }
      await card.getByRole('button', { name: 'Countersign', exact: true }).click();
      await page.locator('.ant-message-success').filter({ hasText: 'The countersignature is recorded' }).first().waitFor();
    });
  }

  // Before anyone signs: the signer's view of the requested round.
  it('shows a signer the case with the countersign form, with nothing serious for axe', async () => {
    await asPerson(f, signer('marketing'), async (page, watch) => {
      await openCase(page, walk.number!);
      const card = await actionCard(page, 'Countersign completion acceptance');
      await card.getByText('You countersign for Marketing.', { exact: true }).waitFor();
      await expectClean(page, watch, 'case page of a signer');
    });
    expect((await read()).acceptance.signatures).toEqual([]);
  });

  it('four departments pass, safety fails with items, the customer rectifies and asks again, safety passes, and the gate opens', async () => {
    const before = await read();
    expect(before.acceptance).toMatchObject({ status: 'REQUESTED', currentRound: 1, pendingDepartments: [...DEPARTMENTS] });
    expect(before.metering).toMatchObject({ blockedBy: ['COMPLETION_ACCEPTED'], gateOpen: false, gateOpenedAt: null });

    const others = DEPARTMENTS.filter((d) => d !== 'safety');
    for (const department of others) await countersign(department, 'Pass');
    expect((await read()).acceptance).toMatchObject({ status: 'REQUESTED', pendingDepartments: ['safety'] });

    await countersign('safety', 'Fail');
    const failed = await read();
    expect([...failed.acceptance.passedDepartments].sort()).toEqual([...others].sort());
    expect(failed.acceptance).toMatchObject({
      status: 'FAILED',
      rectificationNotice: { round: 1, items: SAFETY_ITEMS.map((item) => ({ department: 'safety', item })) },
    });

    await asPerson(f, customer(), async (page) => {
      await page.getByRole('heading', { level: 1, name: 'My cases' }).waitFor();
      await openCase(page, walk.number!);
      const card = await actionCard(page, 'Request completion acceptance');
      const notice = card.getByRole('alert').filter({ hasText: /^Round 1 failed/ });
      await notice.waitFor();
      for (const item of SAFETY_ITEMS) await notice.getByRole('listitem').filter({ hasText: item }).waitFor();
      // The request starts from the documents of the failed round, one per checklist item.
      const documents = card.getByRole('combobox');
      expect(await documents.count()).toBe(7);
      for (const input of await documents.all()) expect(await input.inputValue()).toMatch(/^[0-9a-f-]{36}$/);
      await card.getByRole('button', { name: 'Rectified: request acceptance again' }).click();
      await page.locator('.ant-message-success').filter({ hasText: 'Completion acceptance is requested' }).first().waitFor();
    });
    expect((await read()).acceptance).toMatchObject({ status: 'REQUESTED', currentRound: 2, pendingDepartments: ['safety'] });

    await countersign('safety', 'Pass');

    await waitUntil(caseDriver(f), 'the gate to open', async () => (await read()).metering.gateOpenedAt !== null);
    const passed = await read();
    expect(passed.acceptance).toMatchObject({ status: 'PASSED', currentRound: 2, pendingDepartments: [], rectificationNotice: null });
    expect([...passed.acceptance.passedDepartments].sort()).toEqual([...DEPARTMENTS].sort());
    expect(passed.metering).toMatchObject({ blockedBy: [], gateOpen: true });
  });
});
