/**
 * Scrolling the console's customer list through 10,000 customers: how many rows are in the DOM at
 * most (the list is virtualised: about a screenful, whatever the length). The built console runs
 * in Debian's Chromium; the gateway is played by a route handler that serves the built files and
 * answers the list query a page of 100 at a time, so the figure is the browser's alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from '@crm/testing';
import type { Route } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'apps/console/dist');
const TOTAL = 10_000;
const ORIGIN = 'http://console.bench';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
// The console only reads the claims; nothing verifies this token here.
const token = `${b64({ alg: 'none' })}.${b64({ roles: ['sales'], exp: Math.floor(Date.now() / 1000) + 3600 })}.x`;

function customersPage(after: string | null, first: number) {
  const start = after ? Number(after) : 0;
  const end = Math.min(start + first, TOTAL);
  const edges = [];
  for (let i = start; i < end; i++) {
    edges.push({
      __typename: 'CustomerEdge',
      cursor: String(i + 1),
      node: {
        __typename: 'Customer',
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `Customer ${i}`,
        kind: 'COMPANY',
        domain: `c${i}.example.com`,
        industry: 'Software',
        size: 'SMALL',
        lifecycleStage: 'CUSTOMER',
        tier: 1 + (i % 5),
      },
    });
  }
  return {
    data: {
      customers: {
        __typename: 'CustomerConnection',
        edges,
        pageInfo: { __typename: 'PageInfo', hasNextPage: end < TOTAL, endCursor: String(end) },
      },
    },
  };
}

async function gateway(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  if (url.pathname === '/console/config.json') {
    return route.fulfill({ json: { signIn: { mode: 'development', roles: ['sales'] }, access: {} } });
  }
  if (url.pathname === '/console/dev-token') return route.fulfill({ json: { token } });
  if (url.pathname === '/graphql') {
    const body = route.request().postDataJSON() as { operationName?: string; variables: { after?: string; first: number } };
    if (body.operationName !== 'Customers')
      return route.fulfill({ json: { data: null, errors: [{ message: `not in this bench: ${body.operationName}` }] } });
    return route.fulfill({ json: customersPage(body.variables.after ?? null, body.variables.first) });
  }
  const file = path.join(DIST, url.pathname);
  if (url.pathname !== '/' && fs.existsSync(file) && fs.statSync(file).isFile()) {
    return route.fulfill({ body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  }
  return route.fulfill({ body: fs.readFileSync(path.join(DIST, 'index.html')), contentType: 'text/html' });
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route(`${ORIGIN}/**`, gateway);
    await page.goto(`${ORIGIN}/customers`);
    await page.getByRole('button', { name: 'Sales rep' }).click();
    const rows = page.locator('[data-testid="customer-rows"] [role="row"]');
    await rows.first().waitFor();
    await page.locator('[data-testid="customer-rows"]').hover();
    const started = Date.now();
    let maxRows = 0;
    let loaded = 0;
    const table = page.getByRole('table', { name: 'Customers' });
    const rowCount = async () => Number(await table.getAttribute('aria-rowcount')) - 1;
    // Each wheel turn goes to the bottom of what is loaded, which asks for the next page; the loop
    // waits for that page rather than a fixed time, so a busy machine only makes it slower.
    while (loaded < TOTAL) {
      const before = loaded;
      await page.mouse.wheel(0, 100_000);
      for (const waitStarted = Date.now(); loaded === before && Date.now() - waitStarted < 30_000;) {
        await page.waitForTimeout(20);
        maxRows = Math.max(maxRows, await rows.count());
        loaded = await rowCount();
      }
      if (loaded === before) throw new Error(`stuck at ${loaded} of ${TOTAL} rows: no next page within 30 s`);
    }
    const result = {
      rowsLoaded: loaded,
      maxRowsInDom: maxRows,
      target: 'about 100',
      secondsToScrollThrough: Number(((Date.now() - started) / 1000).toFixed(1)),
    };
    console.log(
      `customer list: ${result.rowsLoaded} rows loaded, at most ${result.maxRowsInDom} in the DOM (target about 100), ${result.secondsToScrollThrough} s to scroll through`,
    );
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench/results/console-list.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
