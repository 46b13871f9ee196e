import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs to stdout, one logger per service; `LOG_LEVEL` tunes it and `silent` quiets tests.
 * `LOG_FORMAT=pretty` (set by `npm start`) prints readable lines for a person at a terminal.
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.LOG_FORMAT === 'pretty';
  return pino({
    name,
    level,
    base: pretty ? undefined : { service: name },
    transport: pretty
      ? { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss' } }
      : undefined,
  });
}
