import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Role } from '@yekuo/events';
import { SERVICES } from '@yekuo/platform/core';
import { expectData, graphql, RunningSystem, startSystem, TestRun } from '@yekuo/testing';
import { launchChromium } from '@yekuo/testing/chromium';
import { DEV_PRIVATE_KEY_FILE } from '@yekuo/testing/dev-keys';
import { CaseDriver, DEPARTMENTS, DualSourceActors, DualSourceWalk, residentId } from '../e2e/operations';

const root = join(__dirname, '..', '..');

/** The system as separate processes (the whole of it unless told), its gateway serving the built console with the development sign-in, and a Chromium. */
export interface ConsoleFixture {
  run: TestRun;
  system: RunningSystem;
  /** `http://127.0.0.1:<port>`: the console's origin. */
  origin: string;
  browser: Browser;
  /** POST to the gateway, as a front end would (for checks beside the UI). */
  gql: <T = Record<string, any>>(query: string, variables: Record<string, unknown>, token?: string) => ReturnType<typeof graphql<T>>;
  stop(): Promise<void>;
}

export interface ConsoleFixtureOptions {
  /** The services to start (every one by default): a spec that needs a few starts sooner. */
  services?: readonly string[];
  /** Merged over the system's environment (the development sign-in is on unless this unsets DEV_SIGN_IN_KEY_FILE). */
  env?: Record<string, string | undefined>;
}

export async function startConsoleFixture(options: ConsoleFixtureOptions = {}): Promise<ConsoleFixture> {
  const run = new TestRun();
  await run.prepare();
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _ownerUrl, WITNESS_DATABASE_URL: _witnessUrl, ...shared } = run.env('intake');
  const services = options.services ?? SERVICES.map(({ name }) => name);
  for (const name of services) await run.provisionDatabase(name);
  const system = await startSystem({
    services,
    ports: 'ephemeral',
    quiet: true,
    env: {
      ...shared,
      LOG_LEVEL: 'warn',
      EMAIL_ENABLED: 'false',
      CONSOLE_DIR: join(root, 'apps', 'console', 'dist'),
      DEV_SIGN_IN_KEY_FILE: join(run.keyDir, DEV_PRIVATE_KEY_FILE),
      ...options.env,
    },
    databaseUrl: (service) => run.env(service).DATABASE_URL,
    databaseOwnerUrl: (service) => run.env(service).DATABASE_OWNER_URL,
    witnessUrl: (service) => run.witnessUrl(service),
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await system.stop();
    throw error;
  }
  const origin = new URL(system.gatewayUrl).origin;
  return {
    run,
    system,
    origin,
    browser,
    gql: (query, variables, token) => graphql(system.gatewayUrl, query, variables, token),
    stop: async () => {
      await browser.close();
      await system.stop();
      await run.cleanUp(system.services.map((s) => s.name));
    },
  };
}

/** What a page reported that a test fails on: CSP violations, and errors thrown in the page. */
export interface PageWatch {
  cspViolations: string[];
  pageErrors: string[];
}

/** The GraphQL errors the page received, newest last (kept apart from PageWatch: a refusal can be the point of a step). */
const graphErrors = new WeakMap<Page, string[]>();

/**
 * A fresh browser context (its own storage: one person) in `locale`, with every CSP violation
 * and uncaught page error recorded. The console is in zh-CN unless told otherwise; `en` sets the
 * language switch as a person would have left it.
 */
export async function openConsole(
  f: ConsoleFixture,
  locale: 'zh-CN' | 'en' = 'en',
): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  // Reduced motion: the console then turns Ant Design's animations off, so nothing is clicked or checked mid-fade.
  const context = await f.browser.newContext({
    baseURL: f.origin,
    locale: locale === 'en' ? 'en-US' : 'zh-CN',
    reducedMotion: 'reduce',
  });
  const watch: PageWatch = { cspViolations: [], pageErrors: [] };
  await context.exposeFunction('__reportCspViolation', (line: string) => watch.cspViolations.push(line));
  // Runs before the page's own scripts (Playwright injects it, outside the page's CSP). Browser code, so a string.
  await context.addInitScript({
    content: `
      if (${JSON.stringify(locale)} === 'en') localStorage.setItem('yekuo.locale', 'en');
      document.addEventListener('securitypolicyviolation', (e) => {
        void window.__reportCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + (e.sample ? ' "' + e.sample + '"' : '') + ' at ' + e.sourceFile + ':' + e.lineNumber);
      });`,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  const errors: string[] = [];
  graphErrors.set(page, errors);
  page.on('response', (response) => {
    if (!response.url().endsWith('/graphql')) return;
    response.json().then(
      (body: { errors?: unknown[] }) => {
        if (body.errors) errors.push(JSON.stringify(body.errors).slice(0, 600));
      },
      () => undefined,
    );
  });
  return { context, page, watch };
}

/** A screenshot of `page` where a step failed, and the text of its alerts: what a person would have seen. */
export async function failureShot(page: Page, who: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'yekuo-browser-')), `${who}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  const alerts = await page
    .getByRole('alert')
    .allInnerTexts()
    .catch(() => []);
  const errors = (graphErrors.get(page) ?? []).slice(-3);
  return `at ${page.url()}; screenshot ${file}${alerts.length ? `; alerts: ${alerts.join(' | ')}` : ''}${errors.length ? `; last GraphQL errors: ${errors.join(' | ')}` : ''}`;
}

/** Who signs in through the development sign-in page. */
export interface Person {
  side: 'customer' | 'staff';
  /** Token role names (`intake-clerk`); the matching checkboxes are ticked, the others cleared. */
  roles: string[];
  sub: string;
  name: string;
  team?: string;
  regions?: string;
  department?: string;
}

/** Signs `person` in on the development sign-in page (English labels) and waits for the first page after it. */
export async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/sign-in');
  // The Customer / Staff switch (a segmented control); choosing a side fills its example identity.
  await page
    .locator('.ant-segmented-item')
    .filter({ hasText: person.side === 'customer' ? 'Customer' : 'Staff' })
    .click();
  const roleBoxes = page.getByRole('group').first().getByRole('checkbox');
  for (const box of await roleBoxes.all()) await box.uncheck();
  for (const role of person.roles) await page.getByRole('checkbox', { name: ROLE_LABELS[role], exact: true }).check();
  await page.getByLabel('User id', { exact: true }).fill(person.sub);
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  if (person.side === 'staff') {
    await page.getByLabel('Team', { exact: true }).fill(person.team ?? '');
    await page.getByLabel('Region codes (comma-separated)', { exact: true }).fill(person.regions ?? '');
    await page.getByLabel('Department', { exact: true }).fill(person.department ?? '');
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** The sign-in page's English checkbox label of each token role. */
export const ROLE_LABELS: Record<string, string> = {
  customer: 'Customer',
  agent: 'Agent',
  'intake-clerk': 'Intake clerk',
  surveyor: 'Surveyor',
  planner: 'Planner',
  approver: 'Approver',
  inspector: 'Inspector',
  'department-signer': 'Department signer',
  'contract-officer': 'Contract officer',
  'metering-technician': 'Metering technician',
  supervisor: 'Supervisor',
  auditor: 'Auditor',
  admin: 'Administrator',
};

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations (WCAG 2.1
 * A and AA rules). axe is evaluated by the test driver, outside the page's CSP, as a browser
 * extension would be.
 */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate<AxeFinding[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((result) =>
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
    )`);
}

/** Fails with the screen's name when axe finds anything serious, or the page reported a CSP violation or an error. */
export async function expectClean(page: Page, watch: PageWatch, screen: string): Promise<void> {
  expect({ screen, axe: await axeViolations(page) }).toEqual({ screen, axe: [] });
  expect({ screen, ...watch }).toEqual({ screen, cspViolations: [], pageErrors: [] });
}

/**
 * Signs `person` in, in a browser context of their own, runs `act`, and checks the page reported no
 * CSP violation or error. A failing step is reported with what the person saw (failureShot).
 */
export async function asPerson<T>(f: ConsoleFixture, person: Person, act: (page: Page, watch: PageWatch) => Promise<T>): Promise<T> {
  const { context, page, watch } = await openConsole(f);
  try {
    await signIn(page, person);
    const result = await act(page, watch).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}\n${await failureShot(page, person.sub)}`, { cause: error });
    });
    expect({ person: person.sub, ...watch }).toEqual({ person: person.sub, cspViolations: [], pageErrors: [] });
    return result;
  } finally {
    await context.close();
  }
}

/** Opens the case from the person's list (my work for staff, my cases for the customer). */
export async function openCase(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: number }).first().click();
  await page.getByRole('heading', { level: 1, name: `Case ${number}` }).waitFor();
}

/**
 * Waits until the action card `title` is on the case page, refreshing the case while another
 * service catches up (the next step appears once its event has been consumed).
 */
export async function actionCard(page: Page, title: string): Promise<Locator> {
  const card = page
    .locator('[data-action]')
    .filter({ has: page.getByText(title, { exact: true }) })
    .first();
  await refreshUntil(page, card, `no "${title}" action on the case page`);
  return card;
}

/** Refreshes the case page, as a person would while the other services catch up, until `shown` is visible. */
async function refreshUntil(page: Page, shown: Locator, failure: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    if (await shown.isVisible()) return;
    await page.getByRole('button', { name: 'Refresh case' }).click();
    await page.waitForTimeout(500);
  }
  throw new Error(failure);
}

/**
 * Clicks `button` until the page says `success`: a click that lands while the card is redrawn after
 * the step before does nothing, and a person would click again. A click while the action is under
 * way does nothing either (the button is loading), so a slow answer is not sent twice. Three tries.
 */
export async function clickUntil(page: Page, button: Locator, success: string): Promise<void> {
  const said = page.locator('.ant-message-success').filter({ hasText: success }).first();
  for (let attempt = 1; ; attempt += 1) {
    await button.click();
    const done = await said
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (done) return;
    if (attempt === 3) throw new Error(`clicking "${await button.textContent()}" three times did not bring "${success}"`);
  }
}

/** Waits until the case page shows `text`, refreshing it while the other services catch up. */
export async function showsAfterRefresh(page: Page, text: string): Promise<void> {
  await refreshUntil(page, page.getByText(text, { exact: true }).first(), `the case page does not show "${text}"`);
}

/** Chooses `option` in the Ant Design select labelled `label`. */
export async function pick(page: Page, label: string, option: string): Promise<void> {
  const select = page.locator('.ant-select').filter({ has: page.getByLabel(label) });
  for (let attempt = 1; ; attempt += 1) {
    await page.getByLabel(label).click();
    // The visible list (Ant Design keeps a hidden one for screen readers beside it).
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click();
    // A click that landed while the list was still opening chose nothing: the field shows what was chosen.
    const chosen = await select
      .filter({ hasText: option })
      .waitFor({ timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (chosen) return;
    if (attempt === 3) throw new Error(`"${label}" does not show "${option}" after three picks`);
  }
}

/** Drives cases through the fixture's gateway as a front end does (for cases prepared beside the UI). */
export function caseDriver(f: ConsoleFixture): CaseDriver {
  return {
    gatewayUrl: f.system.gatewayUrl,
    waitTimeoutMs: 60_000,
    send: async <T>(query: string, variables: Record<string, unknown>, token: string) =>
      expectData<T>(await f.gql<T>(query, variables, token)),
  };
}

/** The staff who walk cases through the API (minted with the run's key), with a supervisor who reads everything. */
export type Crew = Omit<DualSourceActors, 'customer'> & { supervisor: string };

export async function crewFor(f: ConsoleFixture): Promise<Crew> {
  const mint = (sub: string, role: Role, extra: { team?: string; regions?: string[]; department?: string } = {}) =>
    f.run.token({ sub, roles: [role], ...extra });
  const signers = await Promise.all(DEPARTMENTS.map((d) => mint(`signer-${d}`, 'department-signer', { department: d })));
  return {
    clerk: await mint('clerk-1', 'intake-clerk', { team: 'front-desk' }),
    surveyor: await mint('surveyor-1', 'surveyor', { regions: ['310104'] }),
    planner: await mint('planner-1', 'planner'),
    approvers: [await mint('approver-1', 'approver'), await mint('approver-2', 'approver')],
    inspector: await mint('inspector-1', 'inspector'),
    officer: await mint('officer-1', 'contract-officer'),
    technician: await mint('technician-1', 'metering-technician'),
    signers: Object.fromEntries(DEPARTMENTS.map((d, i) => [d, signers[i]])) as DualSourceActors['signers'],
    supervisor: await mint('supervisor-1', 'supervisor'),
  };
}

/** Where this process numbers its customers' identities from: walks `n` apart have distinct ID numbers. */
const IDENTITY_BASE = Date.now() % 20_000_000;

/** A new walk for case `n` of the run (distinct `n` for each walk): its own customer (`customerId`, a UUID, for signing the same customer in), identity and meter. */
export async function newWalk(
  f: ConsoleFixture,
  crew: Crew,
  n: number,
  options: Pick<DualSourceWalk, 'terms' | 'meter'> = {},
): Promise<DualSourceWalk & { customerId: string }> {
  const customerId = randomUUID();
  const { supervisor: _supervisor, ...staff } = crew;
  return {
    driver: caseDriver(f),
    actors: { ...staff, customer: await f.run.token({ sub: customerId, roles: ['customer'], name: '周工' }) },
    identity: { idNumber: residentId(IDENTITY_BASE + n), name: '周工' },
    meterNumber: `M-${n}-${customerId.slice(0, 8)}`,
    customerId,
    ...options,
  };
}

/**
 * Reads `read` until it deeply equals `expected` (another service, or the page, catching up), and
 * otherwise fails after `timeoutMs` showing the last reading against `expected`.
 */
export async function eventually<T>(what: string, read: () => Promise<T>, expected: T, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let actual: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      actual = await read();
      failure = undefined;
      if (isDeepStrictEqual(actual, expected)) return;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
  expect({ what, value: actual }).toEqual({ what, value: expected });
}
