import { writeSync } from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';
import { logIds } from './telemetry/context';

export type { DestinationStream, Logger };

/**
 * Whether this process prints for a person at a terminal (`LOG_FORMAT=pretty`, set by `npm start` in
 * development) rather than JSON lines for a machine. Pretty logs keep to what a person reads: the
 * access log prints only the requests that failed or were slow (see `accessLog`).
 */
export const prettyLogs = (env: NodeJS.ProcessEnv = process.env): boolean => env.LOG_FORMAT === 'pretty';

/** How long JSON lines may wait in the process's buffer before they are written. */
export const LOG_FLUSH_MS = 200;
/** Lines are written as soon as this many bytes wait. */
const LOG_FLUSH_BYTES = 4096;

/**
 * Lines for a file descriptor, written together: when LOG_FLUSH_BYTES wait, LOG_FLUSH_MS after the
 * first line that waits, and when the process exits (`process.exit` and a crash through `exitOnCrash`
 * included), each time with one synchronous write(2), so lines keep their order and none is half-written. A write per line was
 * about 7 % of a subgraph's CPU per request at 200 requests/s. What cannot be written yet (a full
 * pipe) waits for the next flush; a reader that is gone (EPIPE) ends the writing, never the process
 * (pino's own asynchronous destination retried a broken pipe forever at exit, and the process never
 * ended). A SIGKILL loses at most LOG_FLUSH_MS of lines. The timer runs only while lines wait: a
 * fixed interval woke every idle process five times a second for nothing.
 */
export class BatchedLines implements DestinationStream {
  private pending: Buffer[] = [];
  private bytes = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fd: number,
    private readonly writeTo: (fd: number, data: Buffer) => number = (fd, data) => writeSync(fd, data),
  ) {}

  write(line: string): void {
    if (this.closed) return;
    const data = Buffer.from(line, 'utf8');
    this.pending.push(data);
    this.bytes += data.length;
    if (this.bytes >= LOG_FLUSH_BYTES) this.flush();
    else this.flushLater();
  }

  /** Writes what waits, as far as the descriptor takes it now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.bytes === 0) return;
    let data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.bytes);
    this.pending = [];
    this.bytes = 0;
    while (data.length > 0) {
      let written: number;
      try {
        written = this.writeTo(this.fd, data);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
        // EPIPE, EBADF…: nobody reads any more.
        this.closed = true;
        return;
      }
      data = data.subarray(written);
    }
    if (data.length > 0) {
      this.pending = [data];
      this.bytes = data.length;
      this.flushLater();
    }
  }

  /** Arms the flush timer unless it is armed; it never keeps the process alive. */
  private flushLater(): void {
    this.timer ??= setTimeout(() => this.flush(), LOG_FLUSH_MS).unref();
  }
}

let stdout: BatchedLines | undefined;

/** The process's one stdout for JSON lines, shared by all its loggers. */
function sharedStdout(): BatchedLines {
  if (!stdout) {
    const lines = new BatchedLines(1);
    process.on('exit', () => lines.flush());
    stdout = lines;
  }
  return stdout;
}

/**
 * JSON logs to stdout, one logger per service; `LOG_LEVEL` tunes it and `silent` quiets tests.
 * `LOG_FORMAT=pretty` (set by `npm start` in development) prints one readable line per entry for a
 * person at a terminal. Every line written while a request or an event is handled carries its
 * `requestId`, and its `traceId` and `spanId` when it is traced, so one id finds every line of one
 * request in every process.
 * `destination`: where lines go instead of stdout (a test reading them).
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const pretty = prettyLogs() && !destination;
  const options = {
    name,
    level,
    base: pretty ? undefined : { service: name },
    mixin: logIds,
    transport: pretty
      ? { target: 'pino-pretty', options: { colorize: true, singleLine: true, ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss' } }
      : undefined,
  };
  if (pretty) return pino(options);
  return pino(options, destination ?? sharedStdout());
}
