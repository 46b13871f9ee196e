import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (the OS picks it; it is free again by the time it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A Redis server of a test's own, to stop and start without touching the shared one. */
export interface PrivateRedis {
  url: string;
  /** Stops the server (its data is gone: nothing is saved) and starts an empty one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on a free port with persistence off, for fault tests (Redis lost and back
 * empty). Resolves once it accepts connections.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess = await launch(port);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await stop();
      child = await launch(port);
    },
    stop,
  };
}

const launch = (port: number) => spawnReady('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], 'Ready to accept connections');

/** Spawns a server and resolves once its output (stdout or stderr) says `ready`. */
function spawnReady(command: string, args: string[], ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready: ${output}`)));
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(ready)) return;
      child.removeAllListeners('exit');
      for (const stream of [child.stdout!, child.stderr!]) {
        stream.off('data', watch);
        stream.resume();
      }
      resolve(child);
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
  });
}

/** A NATS server (JetStream on, its own store) of a test's own, to kill without touching the shared one. */
export interface PrivateNats {
  url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on a free port; resolves once it accepts connections. */
export async function startPrivateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'qc-nats-'));
  const child = await spawnReady('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], 'Server is ready');
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(store, { recursive: true, force: true });
    },
  };
}
