// Debian's Chromium driven by playwright-core (never Playwright's own browser download), with the flags this
// machine's closed network needs.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens a dashboard view and waits until it has rendered (or failed). */
export async function open(page, base, hash) {
  if (page.url().startsWith(`${base}/ui/`)) {
    await act(page, () => page.evaluate(h => { location.hash = h; }, hash));
  } else {
    await page.goto(`${base}/ui/${hash}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  }
}

/** Runs an action that makes the dashboard render a view again, and waits until that view has rendered. */
export async function act(page, action) {
  const before = await page.evaluate(() => Number(document.body.dataset.renders ?? 0));
  await action();
  await page.waitForFunction(n => Number(document.body.dataset.renders ?? 0) > n && document.body.dataset.ready === 'true',
    before, { timeout: 30000 });
}
