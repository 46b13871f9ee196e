import { spawn } from 'node:child_process';
import { join } from 'node:path';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts the fixture and resolves with its children's pids once both have printed them. */
function startSupervised() {
  const parent = spawn(process.execPath, [join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'testing', 'supervised.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
  const children = new Promise<number[]>((resolve, reject) => {
    void exited.then(() => reject(new Error('the fixture exited before its children started')));
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const pids = [...out.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
      if (pids.length === 2) resolve(pids);
    });
  });
  return { parent, exited, children };
}

describe('forwardSignals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('when only the parent gets %s, then it passes it on and no child outlives it', async (signal) => {
    const { parent, exited, children } = startSupervised();
    const pids = await children;
    expect(pids.every(alive)).toBe(true);

    process.kill(parent.pid!, signal);
    await exited;

    // tsx may leave a moment before the children it had signalled are reaped; wait for them to go.
    const deadline = Date.now() + 10_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);
  });
});
