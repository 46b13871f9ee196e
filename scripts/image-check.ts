/**
 * `npm run image:check`: builds the production image without a Docker engine, by performing the
 * Dockerfile's own steps (it reads the Dockerfile: FROM … AS, WORKDIR, COPY [--from], RUN, ENV) in a
 * scratch folder per stage, then runs the final stage as the image would: `migrate`, then every
 * subgraph and the gateway through the image's entry point with NODE_ENV=production, and waits for
 * each one's /ready through the image's own health check. Prints what it did and exits non-zero on
 * the first step that fails.
 *
 * What it cannot reproduce: the base image (it uses this machine's npm, and the project's pinned Node
 * from node_modules/.bin for the final stage, as node:26-slim would provide) and `USER node` (it runs
 * as whoever runs it).
 *
 *   npm run image:check [-- --keep] [--port-base 5700] [--database-url postgres://…]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SUBGRAPHS } from '@qc/shared';

const root = join(__dirname, '..');

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

/** The Dockerfile's instructions, with line continuations joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) start = index + 1;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const match = /^(\w+)\s+(.*)$/.exec(pending);
    if (!match) throw new Error(`Dockerfile line ${start}: cannot read "${pending}"`);
    out.push({ op: match[1]!.toUpperCase(), args: match[2]!, line: start });
    pending = '';
  });
  return out;
}

interface Stage {
  name: string;
  dir: string;
  workdir: string;
  env: Record<string, string>;
}

/** .dockerignore's patterns, reduced to the folder names this project's file lists (node_modules, dist, .git). */
function ignoredNames(): Set<string> {
  const file = join(root, '.dockerignore');
  const names = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  return new Set(names.map((n) => n.trim().replace(/^\*\*\//, '')).filter((n) => n && !n.startsWith('#')));
}

function copy(from: string, to: string, ignore: Set<string>) {
  const intoDir = to.endsWith('/');
  const target = intoDir || (existsSync(to) && statSync(to).isDirectory()) ? join(to, basename(from)) : to;
  // Docker copies a folder's contents, not the folder, to the destination.
  const dest = statSync(from).isDirectory() ? to.replace(/\/$/, '') : target;
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(from, dest, { recursive: true, verbatimSymlinks: true, filter: (src) => !ignore.has(basename(src)) });
}

function runStep(stage: Stage, command: string, pathPrefix: string) {
  const cwd = join(stage.dir, stage.workdir);
  mkdirSync(cwd, { recursive: true });
  execFileSync('sh', ['-c', command], {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...stage.env, PATH: `${pathPrefix}:${process.env.PATH ?? ''}` },
  });
}

/** Performs every stage of the Dockerfile; returns the final stage. */
export function buildStages(scratch: string, dockerfile = join(root, 'Dockerfile')): { final: Stage; entrypoint: string[]; healthcheck: string[] } {
  const stages = new Map<string, Stage>();
  const ignore = ignoredNames();
  let stage: Stage | undefined;
  let entrypoint: string[] = [];
  let healthcheck: string[] = [];
  for (const { op, args, line } of parseDockerfile(readFileSync(dockerfile, 'utf8'))) {
    const where = `Dockerfile:${line} ${op}`;
    if (op === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      const label = name ?? `stage${stages.size}`;
      stage = { name: label, dir: join(scratch, label), workdir: '/', env: {} };
      stages.set(label, stage);
      console.log(`› ${where} ${image} (as ${label})`);
      continue;
    }
    if (!stage) throw new Error(`${where}: before any FROM`);
    if (op === 'WORKDIR') stage.workdir = args;
    else if (op === 'ENV') {
      const [, key, value] = /^(\w+)[= ](.*)$/.exec(args) ?? [];
      if (!key) throw new Error(`${where}: cannot read "${args}"`);
      stage.env[key] = value!;
    } else if (op === 'COPY') {
      const words = args.split(/\s+/);
      const fromFlag = words.find((w) => w.startsWith('--from='));
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths.pop()!;
      const destPath = join(stage.dir, dest.startsWith('/') ? dest : join(stage.workdir, dest)) + (dest.endsWith('/') ? '/' : '');
      const source = fromFlag ? stages.get(fromFlag.slice('--from='.length)) : undefined;
      if (fromFlag && !source) throw new Error(`${where}: no stage ${fromFlag}`);
      for (const path of paths) {
        const from = source ? join(source.dir, path) : join(root, path);
        if (!existsSync(from)) throw new Error(`${where}: ${path} does not exist`);
        copy(from, destPath, source ? new Set() : ignore);
      }
    } else if (op === 'RUN') {
      console.log(`› ${where} ${args}`);
      runStep(stage, args, join(stage.dir, stage.workdir, 'node_modules', '.bin'));
    } else if (op === 'ENTRYPOINT') entrypoint = JSON.parse(args) as string[];
    else if (op === 'HEALTHCHECK') healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
    else if (op === 'USER' || op === 'CMD') console.log(`› ${where} ${args} (not reproduced here)`);
    else throw new Error(`${where}: not understood by image:check`);
  }
  if (!stage) throw new Error('Dockerfile has no FROM');
  return { final: stage, entrypoint, healthcheck };
}

async function main() {
  const { values } = parseArgs({
    options: {
      keep: { type: 'boolean', default: false },
      'port-base': { type: 'string', default: '5700' },
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/qc_image_check' },
    },
  });
  const base = Number(values['port-base']);
  const scratch = mkdtempSync(join(tmpdir(), 'qc-image-'));
  const started = Date.now();
  const children: ChildProcess[] = [];
  try {
    const { final, entrypoint, healthcheck } = buildStages(scratch);
    const app = join(final.dir, final.workdir);
    const mb = Number(execFileSync('du', ['-sm', app]).toString().split('\t')[0]);
    console.log(`› image built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${app} (${mb} MB)`);
    // (npm prune may leave an emptied scope folder behind; a package is there when its package.json is.)
    for (const dev of ['tsx', 'typescript', 'jest', '@graphql-codegen/cli', 'node']) {
      if (existsSync(join(app, 'node_modules', dev, 'package.json'))) throw new Error(`the image holds the development dependency ${dev}`);
    }

    // The project's pinned Node stands in for the base image's.
    const nodeBin = dirname(resolve(root, 'node_modules', '.bin', 'node'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...final.env,
      PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
      GATEWAY_HMAC_SECRET: 'image-check-hmac-'.padEnd(48, 'h'),
      JWT_SECRET: 'image-check-jwt-'.padEnd(48, 'j'),
      DATABASE_URL: values['database-url'],
      EVENTS_PREFIX: 'imagecheck',
      GATEWAY_PORT: String(base),
      LOG_LEVEL: 'warn',
    };
    SUBGRAPHS.forEach(({ name }, i) => {
      env[`${name.toUpperCase()}_PORT`] = String(base + 1 + i);
      env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${base + 1 + i}/graphql`;
    });
    const entry = entrypoint.map((part) => resolve(app, part));
    console.log('› migrate');
    execFileSync(entry[0]!, [...entry.slice(1), 'migrate'], { cwd: app, env, stdio: 'inherit' });

    for (const what of [...SUBGRAPHS.map((s) => s.name), 'gateway']) {
      const readyFile = join(scratch, `${what}.ready-url`);
      const child = spawn(entry[0]!, [...entry.slice(1), what], { cwd: app, env: { ...env, QC_READY_FILE: readyFile }, stdio: ['ignore', 'inherit', 'inherit'] });
      children.push(child);
      const deadline = Date.now() + 120_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 500));
        try {
          execFileSync(healthcheck[0]!, healthcheck.slice(1), { cwd: app, env: { ...env, QC_READY_FILE: readyFile }, stdio: 'ignore' });
          healthy = true;
        } catch {
          // not ready yet
        }
      }
      if (!healthy) throw new Error(`${what} did not become healthy (exit code ${child.exitCode ?? 'none'})`);
      console.log(`✔ ${what}: compiled JavaScript, NODE_ENV=${env.NODE_ENV}, healthy (${readFileSync(readyFile, 'utf8').trim()})`);
    }
    const res = await fetch(`http://127.0.0.1:${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    if (!res.ok) throw new Error(`the compiled gateway answered ${res.status}`);
    console.log(`✔ image check passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    if (!values.keep) rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`✗ image check failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
