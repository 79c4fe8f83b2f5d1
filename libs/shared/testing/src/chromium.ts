import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts a headless Chromium for the browser suite, the screenshots and the console benchmark; a missing one says how to install it. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  } catch (error) {
    throw new Error(`Chromium did not start from ${CHROMIUM} (install it with: apt-get install -y chromium): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * A fresh browser context (empty cache and storage) on the console at `origin`, zh-CN unless told;
 * with `token`, already signed in: the session the console's sign-in keeps for the tab, written
 * before its scripts run.
 */
export async function consoleContext(
  browser: Browser,
  origin: string,
  options: { token?: string; locale?: string; viewport?: { width: number; height: number }; reducedMotion?: 'reduce' } = {},
): Promise<BrowserContext> {
  const { token, locale = 'zh-CN', ...rest } = options;
  const context = await browser.newContext({ baseURL: origin, locale, ...rest });
  if (token) await context.addInitScript({ content: `sessionStorage.setItem('yekuo.session', ${JSON.stringify(token)});` });
  return context;
}
