/**
 * The live pages (issue 19) in a real browser: Debian's Chromium driven by playwright-core, against
 * the six subgraphs with their workers and the gateway serving the built pages at /live, while the
 * city simulator (scripts/simulate, in this process) picks, packs and rides the seeded orders.
 * The tracking page must show its order advance and the courier marker move, and say so when the
 * socket drops and it reconnects; another customer's order must be refused; the operations map must
 * show couriers changing state. Screenshots of both pages go to a temporary folder, or to
 * docs/screenshots with UPDATE_SCREENSHOTS=1 (the README shows those).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { signDevToken } from '../gateway/src/auth';
import { generateCity, type City } from '../scripts/seed/city';
import { plainLoader, SEED_ORDER, writeSubgraph } from '../scripts/seed/load';
import { DEFAULT_SIMULATE_ARGS } from '../scripts/simulate/args';
import { runSimulation, type RunResult } from '../scripts/simulate/run';
import { E2E_JWT_SECRET, startSupergraph, type RunningSupergraph } from './support/supergraph';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..');
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'qc-screens-'));
/** Seeded orders a store bot and then a courier bot take over at once, earliest first (most steps left to show). */
const TRACKABLE = ['ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER'];
const ALL_DAY = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

let graph: RunningSupergraph;
let city: City;
let pagesDir: string;
let profileDir: string;
let context: BrowserContext;
let opsPage: Page;
let origin: string;
const stopSimulator = new AbortController();
let simulating: Promise<RunResult | string> | undefined;
const consoleProblems: string[] = [];
const frames: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: install Debian's Chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.`);
  }
  pagesDir = mkdtempSync(join(tmpdir(), 'qc-live-pages-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', join(ROOT, 'clients', 'web'), '--outDir', pagesDir, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // Jest runs with NODE_ENV=test, which would make Vite build React's development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });

  city = generateCity({ stores: 2, products: 60, couriers: 12, customers: 100, orders: 24, seed: 19, now: new Date() });
  // Whatever the hour CI runs at, the stores are open and the simulator's customers can order.
  for (const store of city.stores) store.openingHours = ALL_DAY;
  graph = await startSupergraph({
    workers: true,
    settings: { delivery: { dispatchIntervalMs: 200, sweepIntervalMs: 200 } },
    gatewayEnv: { LIVE_PAGES_DIR: pagesDir },
    fixture: async (deps) => {
      for (const name of SEED_ORDER) {
        const { db, redis, namespace } = deps[name];
        await writeSubgraph(name, city, { db, redis, namespace, load: plainLoader(500) });
      }
    },
  });
  origin = new URL(graph.gatewayUrl).origin;

  // The simulator signs its development tokens with JWT_SECRET; the test gateway's is the e2e one.
  process.env.JWT_SECRET = E2E_JWT_SECRET;
  let ready!: () => void;
  const riding = new Promise<void>((resolve) => (ready = resolve));
  simulating = runSimulation(
    // Endless, like the demo city, but ten times faster: it is stopped when the test ends.
    { ...DEFAULT_SIMULATE_ARGS, gatewayUrl: graph.gatewayUrl, orders: 1_000_000, rate: 0.2, speed: 30, couriers: 8, decline: 0, ignore: 0, missing: 0, adopt: true, timeoutSeconds: 3600 },
    { interrupt: stopSimulator.signal, log: () => undefined, onReady: ready },
  ).catch((error: unknown) => `the simulator failed: ${(error as Error).message}`);
  await Promise.race([riding, simulating.then((result) => Promise.reject(new Error(`the simulator ended before riding: ${JSON.stringify(result)}`)))]);

  profileDir = mkdtempSync(join(tmpdir(), 'qc-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The operations map watches the city from the start, so by its test it has seen couriers change.
  opsPage = await openAs(await signDevToken(E2E_JWT_SECRET, { sub: 'ops', role: 'admin' }), '/ops');
}, 120_000);

afterAll(async () => {
  await context?.close();
  stopSimulator.abort();
  await simulating;
  await graph?.stop();
  for (const dir of [pagesDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  delete process.env.JWT_SECRET;
});

/** A page signed in with `token` (kept in sessionStorage as the sign-in picker keeps it), its console watched. */
async function openAs(token: string, hash: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleProblems.push(`${hash}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`${hash}: ${error.message}`));
  page.on('websocket', (ws) => {
    const note = (dir: string) => (f: { payload: string | Buffer }) => frames.push(`${dir} ${String(f.payload).slice(0, 160)}`);
    ws.on('framesent', note('>'));
    ws.on('framereceived', note('<'));
    ws.on('close', () => frames.push('closed'));
  });
  await page.addInitScript((t) => (globalThis as any).sessionStorage.setItem('qc.web.token', t), token);
  await page.goto(`${origin}/live/#${hash}`);
  return page;
}

/** What the page shows, for a failure message. */
const shown = async (page: Page) =>
  `${(await page.locator('body').innerText().catch(() => '(no body)')).replace(/\s+/g, ' ').slice(0, 600)}; the gateway's live engine: ${JSON.stringify(graph.gateway.subscriptions.stats())}; frames: ${frames.slice(0, 12).join(' | ')}`;

/** Waits for `selector` to be visible; fails with what the page shows instead. */
async function visible(page: Page, selector: string, ms: number): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ timeout: ms });
  } catch {
    throw new Error(`${selector} did not appear in ${ms} ms; the page shows: ${await shown(page)}`);
  }
}

const customerToken = (id: string) => signDevToken(E2E_JWT_SECRET, { sub: id, role: 'customer' });

describe('the live pages in Chromium', () => {
  it('when a customer follows an order, then the page shows it advance, the courier marker move, and a dropped socket reconnect by itself', async () => {
    const order = TRACKABLE.map((status) => city.orders.find((o) => o.status === status)).find(Boolean);
    if (!order) throw new Error(`the seeded city has no order in ${TRACKABLE.join(', ')}`);
    const page = await openAs(await customerToken(order.customerId), `/track/${order.id}`);
    const status = page.locator('[data-testid=order-status]');
    const marker = page.locator('[data-testid=courier-marker]');
    const liveStatus = page.locator('[data-testid=live-status]');

    const statuses: string[] = [];
    const positions: string[] = [];
    const look = async () => {
      const now = (await status.textContent()) ?? '';
      if (now && statuses.at(-1) !== now) statuses.push(now);
      if (await marker.count()) {
        const at = `${await marker.getAttribute('data-lat')},${await marker.getAttribute('data-lng')}`;
        if (positions.at(-1) !== at) positions.push(at);
      }
    };
    /** Looks every 250 ms until `done`; fails saying what was seen. */
    const watch = async (done: () => boolean | Promise<boolean>, what: string, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        await look();
        if (await done()) return;
        if (Date.now() > deadline) throw new Error(`${what} not seen in ${ms} ms; statuses ${JSON.stringify(statuses)}, ${positions.length} positions; the page shows: ${await shown(page)}`);
        await page.waitForTimeout(250);
      }
    };

    await visible(page, '[data-testid=order-status]', 20_000);
    await watch(() => statuses.length >= 3 && positions.length >= 3, 'three statuses and three courier positions', 40_000);
    await expect(page.locator('[data-testid=courier]').textContent()).resolves.toMatch(/rated \d\.\d of 5, on a/);

    // The socket drops as on a flaky network: the page says so, reconnects by itself and catches up.
    await page.evaluate(() => (globalThis as unknown as { qcDropLiveSocket(): void }).qcDropLiveSocket());
    await watch(async () => (await liveStatus.getAttribute('data-state')) !== 'live' || /Reconnected/.test((await liveStatus.textContent()) ?? ''), 'the page noticing the drop', 10_000);
    const seen = positions.length + statuses.length;
    await watch(async () => /Reconnected at/.test((await liveStatus.textContent()) ?? ''), 'the page reconnected', 30_000);
    await watch(() => positions.length + statuses.length > seen, 'an update after reconnecting', 60_000);

    await page.screenshot({ path: join(SCREENSHOTS, 'order-tracking.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'order-tracking-phone.png'), fullPage: true });
    await page.close();
  }, 240_000);

  it("when a customer opens another customer's order, then the server refuses it and the page says so", async () => {
    const order = city.orders[0]!;
    const stranger = city.customers.find((c) => c.id !== order.customerId)!;
    const page = await openAs(await customerToken(stranger.id), `/track/${order.id}`);
    const refused = page.locator('[data-testid=order-refused]');
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.textContent()).toMatch(new RegExp(`Order ${order.id} cannot be opened: it does not exist or it is not yours`));
    await expect(page.locator('[data-testid=order-status]').count()).resolves.toBe(0);
    await page.close();
  });

  it('when the admin opens the operations map, then couriers change state live on it', async () => {
    const page = opsPage;
    await visible(page, '[data-testid=courier-table] tr', 20_000);
    await visible(page, '[data-testid=courier-changes] li:has-text("→")', 120_000);
    expect(Number(await page.locator('[data-testid=couriers-online]').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'operations-map.png'), fullPage: true });
    await page.close();
  }, 150_000);

  it('when the pages were used, then nothing was logged to the console as an error', () => {
    expect(consoleProblems).toEqual([]);
  });
});

mkdirSync(SCREENSHOTS, { recursive: true });
