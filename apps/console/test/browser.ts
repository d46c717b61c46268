import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const CONSOLE_DIST = path.join(ROOT, 'apps/console/dist');
/** Screenshots for a reviewer who does not run anything; gitignored. */
export const ARTIFACTS = path.join(ROOT, 'apps/console/test-artifacts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    // Generated operations count too: a new safelist hash must reach the built portal.
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The console as built from the current source: built again only when a source file is newer than
 * the build. Asynchronous, so that the spec starts its stack and its browser while Vite works.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = path.join(CONSOLE_DIST, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'apps/console/src')),
    fs.statSync(path.join(ROOT, 'apps/console/index.html')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return;
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'],
      // Jest sets NODE_ENV=test, which would make Vite bundle React's development build: test what npm start serves.
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`the console did not build:\n${stdout}\n${stderr}`)) : resolve()),
    ),
  );
}

/** Signs in through the development sign-in page, as a person would. */
export async function signIn(page: Page, base: string, role: string, partnerName?: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  if (partnerName) {
    await page.getByRole('combobox', { name: 'Partner' }).click();
    await page.getByRole('option', { name: partnerName }).click();
    await page.getByRole('button', { name: 'Sign in as partner' }).click();
    await page.waitForURL(/\/partner/);
  } else {
    await page.getByRole('button', { name: role }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }
}

/**
 * Opens a page by its URL, as a bookmark would: the app loads afresh, without a session (it is kept
 * in memory only), so it asks who you are and then comes back to that page.
 */
export async function openAs(page: Page, url: string, role: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByRole('button', { name: role }).click();
  await page.waitForURL((u) => u.pathname === new URL(url).pathname);
}

/** After a reload the in-memory session is gone: sign in again and come back to the same page. */
export async function reloadSignedIn(page: Page, role: string): Promise<void> {
  const here = new URL(page.url());
  await page.reload();
  await page.waitForURL(/\/sign-in\?next=/);
  await page.getByRole('button', { name: role }).click();
  await page.waitForURL((url) => url.pathname === here.pathname);
}

/** Drags with the mouse, in steps, as dnd-kit's pointer sensor needs (it starts after 5 px). */
export async function drag(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 15 });
  await page.mouse.up();
}

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
