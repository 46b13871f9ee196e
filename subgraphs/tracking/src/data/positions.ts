import { createHash } from 'node:crypto';
import { badInput, type Knex, type Logger, type Redis } from '@qc/shared';
import { positionProblem } from '../domain/coordinates';
import { newestPerCourier } from '../domain/latest-position';
import type { PositionRecord } from './types';

interface PositionRow {
  courier_id: string;
  lat: number;
  lng: number;
  heading: number | null;
  speed: number | null;
  recorded_at: Date;
}

const COLUMNS = ['courier_id', 'lat', 'lng', 'heading', 'speed', 'recorded_at'];

const toRecord = (row: PositionRow): PositionRecord => ({
  courierId: row.courier_id,
  lat: row.lat,
  lng: row.lng,
  heading: row.heading,
  speed: row.speed,
  recordedAt: row.recorded_at,
});

/** The JSON kept in Redis; `recordedAt` is ISO 8601 so the Lua scripts can compare it as a string. */
export interface CachedPosition {
  courierId: string;
  lat: number;
  lng: number;
  heading: number | null;
  speed: number | null;
  recordedAt: string;
}

export const toCached = (record: PositionRecord): CachedPosition => ({
  courierId: record.courierId,
  lat: record.lat,
  lng: record.lng,
  heading: record.heading,
  speed: record.speed,
  recordedAt: record.recordedAt.toISOString(),
});

/** The cached position, or null (a miss, so Postgres answers) when the JSON is not one. */
export function fromCached(courierId: string, json: string): PositionRecord | null {
  try {
    const cached = JSON.parse(json) as CachedPosition;
    const recordedAt = new Date(cached.recordedAt);
    if (typeof cached.lat !== 'number' || typeof cached.lng !== 'number' || Number.isNaN(recordedAt.getTime())) return null;
    return { courierId, lat: cached.lat, lng: cached.lng, heading: cached.heading ?? null, speed: cached.speed ?? null, recordedAt };
  } catch {
    return null;
  }
}

/**
 * One statement for any batch size: six array parameters instead of six per row. The WHERE keeps an
 * older report (a phone flushing its backlog, a retry) from overwriting a newer one; RETURNING names
 * the couriers whose row was actually written, so Redis only receives what Postgres accepted.
 */
const UPSERT_LATEST = `
  INSERT INTO courier_latest_positions AS current (courier_id, lat, lng, heading, speed, recorded_at)
  SELECT * FROM unnest(?::text[], ?::float8[], ?::float8[], ?::float8[], ?::float8[], ?::timestamptz[])
  ON CONFLICT (courier_id) DO UPDATE
    SET lat = excluded.lat, lng = excluded.lng, heading = excluded.heading, speed = excluded.speed,
        recorded_at = excluded.recorded_at, updated_at = now()
    WHERE excluded.recorded_at >= current.recorded_at
  RETURNING courier_id
`;

/**
 * SET unless the cached position is newer, so two writers racing for one courier cannot leave the
 * older report in Redis. ISO 8601 strings from `toISOString` sort like the times they name.
 */
const SET_IF_NOT_OLDER = `
  local current = redis.call('GET', KEYS[1])
  if current then
    local ok, cached = pcall(cjson.decode, current)
    if ok and type(cached) == 'table' and type(cached.recordedAt) == 'string' and cached.recordedAt > ARGV[2] then
      return 0
    end
  end
  redis.call('SET', KEYS[1], ARGV[1])
  return 1
`;
const SET_IF_NOT_OLDER_SHA = createHash('sha1').update(SET_IF_NOT_OLDER).digest('hex');

/** pg sends null array elements as NULL; knex's binding types just do not list nullable arrays. */
export const nullableNumbers = (values: (number | null)[]): number[] => values as number[];

/**
 * Each courier's latest position: Redis is the hot copy read on every request, Postgres the durable
 * one that answers whatever Redis does not have (a flushed cache, a Redis outage).
 */
export class PositionRepository {
  constructor(
    private readonly db: Knex,
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {}

  /** The Redis key of a courier's latest position. */
  key(courierId: string): string {
    return `${this.namespace}:courier:${courierId}:position`;
  }

  /**
   * Keeps each courier's newest position: one upsert in Postgres, then one pipeline to Redis.
   * Throws BAD_USER_INPUT before writing anything when a position is out of range. A Redis failure is
   * logged, not thrown: Postgres already holds the position and readers fall back to it.
   */
  async saveLatest(records: readonly PositionRecord[]): Promise<void> {
    for (const record of records) {
      const problem = positionProblem(record);
      if (problem) throw badInput(`courier ${record.courierId}: ${problem.message}`, problem.field);
    }
    const accepted = await this.persistLatest(records);
    if (accepted.length === 0) return;

    try {
      // SCRIPT LOAD first in the same pipeline, so every EVALSHA after it finds the script.
      const pipeline = this.redis.pipeline().script('LOAD', SET_IF_NOT_OLDER);
      for (const record of accepted) {
        const cached = toCached(record);
        pipeline.evalsha(SET_IF_NOT_OLDER_SHA, 1, this.key(record.courierId), JSON.stringify(cached), cached.recordedAt);
      }
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      this.log?.warn({ err: error, couriers: accepted.length }, 'latest positions kept in Postgres only: Redis write failed');
    }
  }

  /**
   * The Postgres half of `saveLatest`, for positions already validated (ingestion keeps Redis itself
   * and persists in batches): one upsert of the newest position per courier, never replacing a newer
   * row. Returns the positions Postgres accepted.
   */
  async persistLatest(records: readonly PositionRecord[]): Promise<PositionRecord[]> {
    const newest = newestPerCourier(records);
    if (newest.length === 0) return [];
    const result = await this.db.raw<{ rows: { courier_id: string }[] }>(UPSERT_LATEST, [
      newest.map((r) => r.courierId),
      newest.map((r) => r.lat),
      newest.map((r) => r.lng),
      nullableNumbers(newest.map((r) => r.heading)),
      nullableNumbers(newest.map((r) => r.speed)),
      newest.map((r) => r.recordedAt),
    ]);
    const written = new Set(result.rows.map((row) => row.courier_id));
    return newest.filter((r) => written.has(r.courierId));
  }

  /**
   * The latest position of each courier that has one, in no particular order: one MGET, then one
   * Postgres query for the couriers Redis did not answer (or for all of them when Redis is down).
   */
  async findLatest(courierIds: readonly string[]): Promise<PositionRecord[]> {
    if (courierIds.length === 0) return [];
    const found: PositionRecord[] = [];
    let misses: readonly string[] = courierIds;
    try {
      const cached = await this.redis.mget(courierIds.map((id) => this.key(id)));
      const missed: string[] = [];
      courierIds.forEach((id, i) => {
        const json = cached[i];
        const record = json ? fromCached(id, json) : null;
        if (record) found.push(record);
        else missed.push(id);
      });
      misses = missed;
    } catch (error) {
      this.log?.warn({ err: error }, 'latest positions read from Postgres: Redis read failed');
    }
    if (misses.length === 0) return found;
    const rows = await this.db<PositionRow>('courier_latest_positions')
      .select<PositionRow[]>(COLUMNS)
      .whereIn('courier_id', misses);
    return [...found, ...rows.map(toRecord)];
  }
}
