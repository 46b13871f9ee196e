import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHILDREN = 3;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Alive and not a zombie (an orphan's zombie lasts until init reaps it). */
const running = (pid: number) => {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };

/**
 * Starts the fixture as `npm start` starts scripts/start.ts (its script, with the fixture in its
 * place), so that `parent` is the process a stop signal to `npm start` reaches; `pids` lists every child it ever started, `children` resolves once all three run. */
function startSupervised(...args: string[]) {
  const command = pkg.scripts.start.replace('scripts/start.ts', [join(__dirname, 'testing', 'supervised.ts'), ...args].join(' '));
  const parent = spawn('/bin/sh', ['-c', command], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
  const pids: number[] = [];
  const grandchildren: number[] = [];
  let restarted: (pid: number) => void = () => undefined;
  const aRestart = new Promise<number>((resolve) => (restarted = resolve));
  const children = new Promise<number[]>((resolve, reject) => {
    void exited.then(() => reject(new Error('the fixture exited before its children started')));
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/grandchild (\d+)/g)) if (!grandchildren.includes(Number(match[1]))) grandchildren.push(Number(match[1]));
      for (const match of out.matchAll(/pid (\d+)/g)) {
        const pid = Number(match[1]);
        if (pids.includes(pid)) continue;
        pids.push(pid);
        if (pids.length === CHILDREN) resolve([...pids]);
        if (pids.length > CHILDREN) restarted(pid);
      }
    });
  });
  return { parent, exited, children, pids, grandchildren, aRestart };
}

describe('forwardSignals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('when only the parent gets %s, then every child of both groups stops, none is restarted, and the parent exits 0', async (signal) => {
    const { parent, exited, children, pids, aRestart } = startSupervised();
    const first = await children;
    expect(first.every(alive)).toBe(true);

    process.kill(parent.pid!, signal);
    // Before the fix a child ended by SIGTERM counted as a crash: it was started again at once (a new
    // pid) and the parent never exited.
    const outcome = await Promise.race([exited.then((code) => ({ code })), aRestart.then((pid) => ({ restartedAs: pid }))]);
    if ('restartedAs' in outcome) {
      // Leave nothing behind: the fixture would go on restarting its children.
      parent.kill('SIGKILL');
      for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    }
    expect(outcome).toEqual({ code: 0 });

    // tsx may leave a moment before the children it had signalled are reaped; wait for them to go.
    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
    expect(pids).toEqual(first);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('when a child dies at once on %s but its own child takes seconds to stop, then the parent exits only after that grandchild is gone', async (signal) => {
    const { parent, exited, children, pids, grandchildren } = startSupervised('--slow');
    await children;
    expect(grandchildren.every(running)).toBe(true);

    process.kill(parent.pid!, signal);
    const code = await exited;
    // Before the fix the parent exited as soon as the "shell" died, leaving the grandchild to stop
    // (or not) on its own, re-parented to init.
    const left = [...pids, ...grandchildren].filter(running);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
    expect(code).toBe(0);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('when only the parent gets %s while its event loop is busy (a loaded machine), then it still stops every child and exits 0', async (signal) => {
    const { parent, exited, children, pids } = startSupervised('--busy');
    await children;

    process.kill(parent.pid!, signal);
    // Before the fix `npm start` ran start.ts under the tsx command, which SIGKILLs its program when it
    // does not acknowledge a relayed signal within 30 ms: the children were orphaned, still running.
    const code = await exited;
    const left = pids.filter(running);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
    expect(code).toBe(0);
  });
});
