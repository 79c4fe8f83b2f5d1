// `npm run screenshots`: the console's main screens, in Chinese as people first see them, written to
// docs/screenshots/ (the README shows them). It builds the console, starts the whole system with a
// gateway serving it, walks a few cases through the API to the steps the screens show, and takes
// each screen in Chromium as the person who works there (signed in with a token of the run's key,
// as the development sign-in would). Not part of CI. Chinese text needs CJK fonts
// (`apt-get install fonts-noto-cjk`); without them it stops saying so.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Role } from '@yekuo/events';
import {
  LV_RESIDENTIAL_METER,
  LV_RESIDENTIAL_STEPS,
  LV_RESIDENTIAL_TERMS,
  registerConstructionUnits,
  walkDualSource,
  walkPath,
} from '../e2e/operations';
import { consoleContext } from '@yekuo/testing/chromium';
import { caseDriver, ConsoleFixture, crewFor, newWalk, startConsoleFixture } from './browser.fixtures';

const root = join(__dirname, '..', '..');
const OUT = join(root, 'docs', 'screenshots');
const VIEWPORT = { width: 1440, height: 900 };

interface Shot {
  file: string;
  /** What the README says the screen is. */
  what: string;
  path: string;
  token?: string;
  /** Waits for what the screen shows once its data is in. */
  ready: (page: Page) => Promise<void>;
  fullPage?: boolean;
}

function requireCjkFonts(): void {
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status !== 0 || fonts.stdout.trim() === '') {
    throw new Error('No Chinese fonts on this machine, so the screenshots would show boxes: apt-get install -y fonts-noto-cjk');
  }
}

async function take(f: ConsoleFixture, shot: Shot): Promise<void> {
  const context = await consoleContext(f.browser, f.origin, { token: shot.token, viewport: VIEWPORT, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    await page.goto(shot.path);
    await shot.ready(page);
    await page.screenshot({ path: join(OUT, shot.file), fullPage: shot.fullPage ?? false });
    console.log(`${shot.file}: ${shot.what}`);
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  requireCjkFonts();
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  mkdirSync(OUT, { recursive: true });
  const f = await startConsoleFixture();
  try {
    const crew = await crewFor(f);
    // Qualified construction units serve the district, so the survey recommends some (the registry shows them too).
    await registerConstructionUnits(caseDriver(f), crew.planner);
    const lv = { terms: LV_RESIDENTIAL_TERMS, meter: LV_RESIDENTIAL_METER };
    // One customer's cases at three steps of the low-voltage path, and a high-voltage case in design review.
    const customer = await newWalk(f, crew, 0, lv);
    const submitted = await walkPath(LV_RESIDENTIAL_STEPS, customer, { until: 'upload documents' });
    const sameCustomer = async (n: number) => ({
      ...(await newWalk(f, crew, n, lv)),
      actors: customer.actors,
      identity: customer.identity,
    });
    const surveyed = await walkPath(LV_RESIDENTIAL_STEPS, await sameCustomer(1), { until: 'accept' });
    const metered = await walkPath(LV_RESIDENTIAL_STEPS, await sameCustomer(2), { until: 'install meter' });
    const hv = await walkDualSource(await newWalk(f, crew, 3), { until: 'submit design' });
    const staff = (sub: string, name: string, roles: Role[], extra: { team?: string; regions?: string[] } = {}) =>
      f.run.token({ sub, roles, name, ...extra });
    const heading = (name: string) => (page: Page) => page.getByRole('heading', { level: 1, name }).waitFor();
    const shots: Shot[] = [
      { file: 'sign-in.png', what: 'the development sign-in', path: '/sign-in', ready: heading('登录') },
      {
        file: 'apply.png',
        what: 'a customer applies',
        path: '/apply',
        token: customer.actors.customer,
        ready: heading('用电申请'),
        fullPage: true,
      },
      {
        file: 'my-cases.png',
        what: "the customer's cases",
        path: '/cases',
        token: customer.actors.customer,
        ready: (page) => page.getByRole('link', { name: metered.number! }).waitFor(),
      },
      {
        file: 'case-customer.png',
        what: 'a case as its customer sees it: progress, what waits on them, each stage',
        path: `/cases/${metered.caseId}`,
        token: customer.actors.customer,
        ready: heading(`案件 ${metered.number}`),
        fullPage: true,
      },
      {
        file: 'my-work.png',
        what: "an intake clerk's open actions, by due time",
        path: '/work',
        token: await staff('clerk-1', '王受理', ['intake-clerk'], { team: 'front-desk' }),
        ready: (page) => page.getByRole('link', { name: submitted.number! }).first().waitFor(),
      },
      {
        file: 'case-inspector.png',
        what: "a high-voltage case's design review, as the inspector acts on it",
        path: `/cases/${hv.caseId}`,
        token: await staff('inspector-1', '李检验', ['inspector']),
        ready: heading(`案件 ${hv.number}`),
        fullPage: true,
      },
      {
        file: 'board.png',
        what: 'the case board by stage',
        path: '/board',
        token: await staff('supervisor-1', '周监督', ['supervisor']),
        ready: (page) => page.getByRole('link', { name: surveyed.number! }).waitFor(),
      },
      {
        file: 'dashboard.png',
        what: "the supervisor's dashboard",
        path: '/dashboard',
        token: await staff('supervisor-1', '周监督', ['supervisor']),
        ready: (page) => page.locator('canvas').first().waitFor(),
        fullPage: true,
      },
      {
        file: 'meters.png',
        what: 'the meter registry',
        path: '/registries/meters',
        token: await staff('technician-1', '孙装表', ['metering-technician']),
        ready: (page) => page.getByRole('cell', { name: metered.meterNumber }).waitFor(),
      },
    ];
    for (const shot of shots) await take(f, shot);
    console.log(`${shots.length} screenshots in docs/screenshots/`);
  } finally {
    await f.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
