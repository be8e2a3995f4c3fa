// A page in a headless Chromium (Debian's, or CHROMIUM_PATH), for the tests that run the package in a browser.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's headless Chromium, launched with the flags this machine's closed network needs. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens `url` and resolves to the page's `window.result` once the page sets it; no page error is allowed. */
export async function inChromium(url: string): Promise<unknown> {
  const browser = await launchChromium();
  try {
    const pageErrors: string[] = [];
    const tab = await browser.newPage();
    tab.on('pageerror', (e) => pageErrors.push(String(e)));
    await tab.goto(url);
    const result = await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result, undefined, { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
    return await result.jsonValue();
  } finally {
    await browser.close();
  }
}
