import pino, { type DestinationStream, type Logger } from 'pino';
import { logIds } from './telemetry/context';

export type { DestinationStream, Logger };

/**
 * JSON logs to stdout, one logger per service; `LOG_LEVEL` tunes it and `silent` quiets tests.
 * `LOG_FORMAT=pretty` (set by `npm start`) prints readable lines for a person at a terminal. Every line
 * written while a request or an event is handled carries its `requestId`, and its `traceId` and `spanId`
 * when it is traced, so one id finds every line of one request in every process.
 * `destination`: where lines go instead of stdout (a test reading them).
 */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const pretty = process.env.LOG_FORMAT === 'pretty' && !destination;
  const options = {
    name,
    level,
    base: pretty ? undefined : { service: name },
    mixin: logIds,
    transport: pretty
      ? { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss' } }
      : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
