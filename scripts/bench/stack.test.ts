import { spawn, type ChildProcess } from 'node:child_process';
import { formatModes, isProductionLike, modeOf, stackEnvironment, stackProcesses } from './stack';

const env = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('the mode a bench reports for each process', () => {
  it('when a process runs dist/ with plain node, production and no LOG_FORMAT, then it is compiled with JSON logs: the quoted mode', () => {
    const mode = modeOf(['/usr/bin/node', '--conditions=production', '--enable-source-maps', '/app/dist/subgraphs/catalog/src/index.js'], env({ NODE_ENV: 'production' }));
    expect(mode).toEqual({ runtime: 'compiled', nodeEnv: 'production', logFormat: 'json', logLevel: 'info', tracing: false });
    expect(isProductionLike(mode)).toBe(true);
  });

  it('when a process runs TypeScript through tsx with pretty logs, then it says so and is not the quoted mode', () => {
    const argv = ['/repo/node_modules/node/bin/node', '--require', '/repo/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///repo/node_modules/tsx/dist/loader.mjs', '/repo/gateway/src/index.ts'];
    const mode = modeOf(argv, env({ NODE_ENV: 'development', LOG_FORMAT: 'pretty' }));
    expect(mode).toMatchObject({ runtime: 'tsx', nodeEnv: 'development', logFormat: 'pretty' });
    expect(isProductionLike(mode)).toBe(false);
  });

  it('when tracing exports spans, then the mode says so and is not the quoted one', () => {
    const mode = modeOf(['node', '/app/dist/gateway/src/index.js'], env({ NODE_ENV: 'production', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }));
    expect(mode.tracing).toBe(true);
    expect(isProductionLike(mode)).toBe(false);
  });

  it('when every process runs alike, then one line covers them; when not, each kind is named with a warning', () => {
    const prod = modeOf(['node', '/app/dist/gateway/src/index.js'], env({ NODE_ENV: 'production' }));
    const dev = modeOf(['node', '/repo/node_modules/.bin/tsx', '/repo/gateway/src/index.ts'], env({ NODE_ENV: 'development', LOG_FORMAT: 'pretty' }));
    const same = formatModes(new Map([['gateway', prod], ['catalog', prod]]));
    expect(same.split('\n')).toHaveLength(1);
    expect(same).toContain('every process: compiled, NODE_ENV=production, LOG_FORMAT=json');
    const mixed = formatModes(new Map([['gateway', dev], ['catalog', prod]]));
    expect(mixed).toContain('gateway: tsx, NODE_ENV=development, LOG_FORMAT=pretty');
    expect(mixed).toContain('catalog: compiled');
    expect(mixed).toContain('not the production-like mode');
  });
});

describe('which processes a bench counts', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill()));

  /** A real process listening on a free port of 127.0.0.1, started with `env`; resolves once it listens. */
  const listener = (env: NodeJS.ProcessEnv): Promise<{ pid: number; port: number }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', "const s = require('http').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"], {
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      child.once('error', reject);
      child.stdout!.once('data', (chunk: Buffer) => resolve({ pid: child.pid!, port: Number(chunk.toString().trim()) }));
    });

  it("when the stack runs on ports this bench's environment does not name, then its subgraphs are found where its gateway calls them", async () => {
    const catalog = await listener({});
    const gateway = await listener({ CATALOG_PORT: String(catalog.port) });
    expect(process.env.CATALOG_PORT).toBeUndefined();
    const counted = stackProcesses(`http://127.0.0.1:${gateway.port}/graphql`);
    const pidsOf = async (name: string) => counted.find((c) => c.name === name)!.pids();
    expect(await pidsOf('gateway')).toEqual([gateway.pid]);
    expect(await pidsOf('catalog')).toEqual([catalog.pid]);
  });

  it("when the stack runs on a database and event prefix this bench's environment does not name, then the bench reads its gateway's", async () => {
    const gateway = await listener({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/qc_elsewhere', EVENTS_PREFIX: 'elsewhere' });
    expect(process.env.EVENTS_PREFIX).not.toBe('elsewhere');
    const env = stackEnvironment(`http://127.0.0.1:${gateway.port}/graphql`);
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/qc_elsewhere', EVENTS_PREFIX: 'elsewhere' });
    // Nothing listening there: the bench's own environment.
    expect(stackEnvironment('http://127.0.0.1:1/graphql')).toBe(process.env);
  });
});
