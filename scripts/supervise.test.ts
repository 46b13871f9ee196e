import { spawn } from 'node:child_process';
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

/** Starts the fixture; `pids` lists every child it ever started, `children` resolves once all three run. */
function startSupervised() {
  const parent = spawn(process.execPath, [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'testing', 'supervised.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code)));
  const pids: number[] = [];
  let restarted: (pid: number) => void = () => undefined;
  const aRestart = new Promise<number>((resolve) => (restarted = resolve));
  const children = new Promise<number[]>((resolve, reject) => {
    void exited.then(() => reject(new Error('the fixture exited before its children started')));
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/pid (\d+)/g)) {
        const pid = Number(match[1]);
        if (pids.includes(pid)) continue;
        pids.push(pid);
        if (pids.length === CHILDREN) resolve([...pids]);
        if (pids.length > CHILDREN) restarted(pid);
      }
    });
  });
  return { parent, exited, children, pids, aRestart };
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
});
