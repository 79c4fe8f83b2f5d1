import { randomUUID } from 'node:crypto';
import { residentId } from '../e2e/operations';
import {
  actionCard,
  asPerson,
  axeViolations,
  clickUntil,
  ConsoleFixture,
  expectClean,
  openCase,
  openConsole,
  Person,
  pick,
  showsAfterRefresh,
  signIn,
  startConsoleFixture,
} from './browser.fixtures';

jest.setTimeout(240_000);

/** A small PDF for a checklist slot, as a person would pick it from disk. */
const pdf = (slot: string) => ({ name: `${slot}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${slot}\n%%EOF\n`) });

describe('The console in Chromium: signing in, and a low-voltage residential case from the application to archived', () => {
  let f: ConsoleFixture;
  const customer: Person = { side: 'customer', roles: ['customer'], sub: randomUUID(), name: 'Chen Yi' };

  beforeAll(async () => {
    f = await startConsoleFixture();
  }, 300_000);

  afterAll(async () => {
    await f?.stop();
  });

  it('opens on the sign-in page in Chinese, with no CSP violation and nothing serious for axe', async () => {
    const { context, page, watch } = await openConsole(f, 'zh-CN');
    try {
      await page.goto('/');
      await page.waitForURL('**/sign-in');
      await page.getByRole('heading', { level: 1, name: /登录/ }).waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      expect(await axeViolations(page)).toEqual([]);
      expect(watch).toEqual({ cspViolations: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('signs a customer in through the development sign-in and shows their cases', async () => {
    const { context, page, watch } = await openConsole(f);
    try {
      await signIn(page, { side: 'customer', roles: ['customer'], sub: randomUUID(), name: 'Chen Yi' });
      await page.waitForURL('**/cases');
      await page.getByTestId('signed-in-as').getByText('Chen Yi (Customer)').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(watch).toEqual({ cspViolations: [], pageErrors: [] });
    } finally {
      await context.close();
    }
  });

  it('the customer applies and uploads, then each actor signs in and takes their step until the case is archived', async () => {
    const number = await asPerson(f, customer, async (page, watch) => {
      await page.getByRole('link', { name: 'New application' }).click();
      await page.getByRole('heading', { level: 1, name: 'Apply for a connection' }).waitFor();
      await expectClean(page, watch, 'apply');

      await pick(page, 'ID type', 'Resident identity card');
      await page.getByLabel('ID number').fill(residentId(Date.now() % 20_000_000));
      await page.getByLabel('Applicant name').fill('Chen Yi');
      await page.getByLabel('Contact phone').fill('13812345678');
      await pick(page, 'Usage', 'Residential');
      await pick(page, 'Voltage level', 'AC 220 V');
      await page.getByLabel('Site address').fill('上海市徐汇区漕溪北路88号 3号楼 1201');
      await page.getByLabel('Region code').fill('310104');
      // First a capacity the server refuses: its objection shows beside the field, nothing is submitted.
      await page.getByLabel('Capacity (kVA)').fill('0');
      await page.getByRole('button', { name: 'Submit application' }).click();
      const capacity = page.locator('.ant-form-item').filter({ has: page.getByLabel('Capacity (kVA)') });
      await capacity.locator('.ant-form-item-explain-error').waitFor();
      expect(page.url()).toContain('/apply');
      await page.getByLabel('Capacity (kVA)').fill('8');
      await page.getByRole('button', { name: 'Submit application' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const heading = await page.getByRole('heading', { level: 1, name: /^Case / }).textContent();
      await expectClean(page, watch, 'case page');

      const slots = await page
        .getByLabel(/^File for /)
        .evaluateAll((nodes: { getAttribute(name: string): string | null }[]) =>
          nodes.map((n) => (n.getAttribute('aria-label') ?? '').replace('File for ', '')),
        );
      expect(slots.length).toBeGreaterThan(0);
      for (const [i, slot] of slots.entries()) {
        await page.getByLabel(`File for ${slot}`).setInputFiles(pdf(slot));
        // The checklist counts down as each document lands.
        const left = slots.length - i - 1;
        await page.getByText(left === 0 ? 'Every document is in.' : `${left} item(s) still needed.`).waitFor();
      }

      await page.getByRole('link', { name: 'My cases' }).click();
      await page.getByRole('heading', { level: 1, name: 'My cases' }).waitFor();
      await expectClean(page, watch, 'my cases');
      return heading!.replace('Case ', '').trim();
    });

    await asPerson(f, CLERK, async (page, watch) => {
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectClean(page, watch, 'my work');
      await openCase(page, number);
      const review = await actionCard(page, 'Review the application');
      await review.getByRole('button', { name: 'Accept the application' }).click();
      await page.getByText('Accepted', { exact: true }).first().waitFor();
    });

    await asPerson(f, OFFICER, async (page) => {
      await openCase(page, number);
      const sign = await actionCard(page, 'Sign the supply-use contract for the utility');
      await sign.getByLabel('Customer name in the contract').fill('Chen Yi');
      await sign.getByLabel('Customer address in the contract').fill('上海市徐汇区漕溪北路88号 3号楼 1201');
      await sign.getByRole('button', { name: 'Save the contract parties' }).click();
      await page.getByRole('alert').or(page.locator('.ant-message-success')).first().waitFor();
    });

    await asPerson(f, customer, async (page) => {
      await openCase(page, number);
      const sign = await actionCard(page, 'Sign the supply-use contract');
      await clickUntil(page, sign.getByRole('button', { name: 'Sign the contract online' }), 'The contract is signed');
    });

    await asPerson(f, OFFICER, async (page) => {
      await openCase(page, number);
      const sign = await actionCard(page, 'Sign the supply-use contract for the utility');
      await clickUntil(page, sign.getByRole('button', { name: 'Sign the contract for the utility' }), 'The contract is signed');
    });

    await asPerson(f, SURVEYOR, async (page) => {
      await openCase(page, number);
      const survey = await actionCard(page, 'Survey the site and draft the supply scheme');
      await survey.getByLabel('Site conditions found').fill('Meter box on the outside wall');
      await survey.getByLabel('Feasible supply points').fill('Pole 17 of the Zhangjiang LV line 3');
      await clickUntil(
        page,
        survey.getByRole('button', { name: 'Complete the survey and draft the scheme' }),
        'The survey is recorded and the supply scheme drafted',
      );
    });

    await asPerson(f, TECHNICIAN, async (page) => {
      await openCase(page, number);
      let install = await actionCard(page, 'Install the meter');
      await install.getByLabel('Meter asset number').fill(`M-${number}`);
      await clickUntil(page, install.getByRole('button', { name: 'Register the meter' }), `Meter M-${number} is registered into stock`);
      install = await actionCard(page, 'Install the meter');
      await clickUntil(page, install.getByRole('button', { name: 'Assign the meter' }), 'The meter is assigned');
      install = await actionCard(page, 'Install the meter');
      await clickUntil(page, install.getByRole('button', { name: 'Schedule the installation' }), 'The installation is scheduled');
      install = await actionCard(page, 'Install the meter');
      await install.getByLabel('Seal numbers').fill('S-0001, S-0002');
      await clickUntil(page, install.getByRole('button', { name: 'Record the installation' }), 'The installation is recorded');
      const energize = await actionCard(page, 'Energize');
      await clickUntil(page, energize.getByRole('button', { name: 'Switch the power on' }), 'The power is on');
      const archive = await actionCard(page, 'Archive');
      await clickUntil(page, archive.getByRole('button', { name: 'Archive the case' }), 'The case is archived');
      await showsAfterRefresh(page, 'Archived');
    });
  });
});

/** The people of the walk, each with the team that takes their work in Xuhui (310104). */
const staff = (roles: string[], sub: string, name: string, team: string): Person => ({
  side: 'staff',
  roles,
  sub,
  name,
  team,
  regions: '310104',
});
const CLERK = staff(['intake-clerk'], 'clerk-b1', 'Wang Shouli', 'front-desk');
const OFFICER = staff(['contract-officer'], 'officer-b1', 'Li Hetong', 'contracts');
const SURVEYOR = staff(['surveyor'], 'surveyor-b1', 'Zhao Kancha', 'survey-west');
const TECHNICIAN = staff(['metering-technician'], 'tech-b1', 'Sun Zhuangbiao', 'metering');
