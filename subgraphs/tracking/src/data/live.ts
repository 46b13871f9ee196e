import { EARTH_RADIUS_M, type Redis, type ReplayClaim } from '@qc/shared';
import type { PublishedEta } from '../domain/eta';
import { LuaScript } from './lua-script';
import { fromCached, toCached } from './positions';
import type { ActiveDeliveryRecord, LocationReportRecord, PositionRecord } from './types';

/**
 * The whole decision on a report in one round trip, atomic per courier, so concurrent reports cannot
 * both be kept:
 *   1. a report was kept less than the window ago (the gate key lives)  → TOO_SOON
 *   2. not newer than the latest kept position (ISO strings sort by time) → OUT_OF_ORDER
 *   3. farther from the latest kept position than the speed limit allows → JUMP, with that position
 *      (the error names the distance); the same rule as `domain/report.ts#jumpProblem`, which
 *      `live.test.ts` holds it to
 *   4. otherwise KEPT: gate for the window, store as the latest position, and return the courier's
 *      delivery and last published ETA so the caller needs no second read (the previous position is
 *      not sent back: nothing reads it, and a kept report is most reports).
 * Refused and skipped reports change nothing, the gate included. Before all of it, with a fourth key,
 * the request's signature is recorded as used (see `ReplayClaim`): already recorded → REPLAYED, and
 * nothing else happens.
 *
 * KEYS: gate, latest position, courier's delivery hash[, the request's replay key].
 * ARGV: position JSON, recordedAt ISO, recordedAt epoch ms, lat, lng, tolerance m, max speed m/s,
 *       window ms, Earth radius m[, replay key ttl ms].
 */
const INGEST = new LuaScript(`
local function epoch_ms(iso)
  local y, mo, d, h, mi, s, frac = string.match(iso, '^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)%.?(%d*)Z$')
  if not y then return nil end
  y, mo, d = tonumber(y), tonumber(mo), tonumber(d)
  if mo <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * ((mo + 9) % 12) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  local days = era * 146097 + doe - 719468
  local ms = 0
  if frac ~= '' then ms = math.floor(tonumber(frac) * 10 ^ (3 - #frac)) end
  return ((days * 24 + tonumber(h)) * 60 + tonumber(mi)) * 60000 + tonumber(s) * 1000 + ms
end

if KEYS[4] and not redis.call('SET', KEYS[4], '1', 'PX', ARGV[10], 'NX') then return {'REPLAYED'} end
if redis.call('EXISTS', KEYS[1]) == 1 then return {'TOO_SOON'} end
local previous = redis.call('GET', KEYS[2])
if previous then
  local ok, prev = pcall(cjson.decode, previous)
  if ok and type(prev) == 'table' and type(prev.recordedAt) == 'string' then
    if prev.recordedAt >= ARGV[2] then return {'OUT_OF_ORDER'} end
    local prev_ms = epoch_ms(prev.recordedAt)
    if prev_ms and type(prev.lat) == 'number' and type(prev.lng) == 'number' then
      local rad = math.pi / 180
      local lat, lng = tonumber(ARGV[4]), tonumber(ARGV[5])
      local dlat, dlng = (lat - prev.lat) * rad, (lng - prev.lng) * rad
      local h = math.sin(dlat / 2) ^ 2 + math.cos(prev.lat * rad) * math.cos(lat * rad) * math.sin(dlng / 2) ^ 2
      local meters = 2 * tonumber(ARGV[9]) * math.asin(math.min(1, math.sqrt(h)))
      local seconds = (tonumber(ARGV[3]) - prev_ms) / 1000
      if meters - tonumber(ARGV[6]) > tonumber(ARGV[7]) * seconds then return {'JUMP', previous} end
    end
  end
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[8])
redis.call('SET', KEYS[2], ARGV[1])
local state = redis.call('HMGET', KEYS[3], 'delivery', 'eta')
return {'KEPT', false, state[1], state[2]}
`);

/** Records the published ETA only while the courier still has a delivery (a delivered one is not revived). */
const RECORD_ETA = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], 'delivery') == 1 then
  redis.call('HSET', KEYS[1], 'eta', ARGV[1])
  return 1
end
return 0
`);

/** What the ingestion script decided. `previous` is the latest kept position before a report that jumped from it. */
export type IngestOutcome =
  | { status: 'REPLAYED' }
  | { status: 'TOO_SOON' }
  | { status: 'OUT_OF_ORDER' }
  | { status: 'JUMP'; previous: PositionRecord | null }
  | { status: 'KEPT'; delivery: ActiveDeliveryRecord | null; lastEta: PublishedEta | null };

/** The rules the script applies, passed in so the domain constants stay the single source. */
export interface IngestRules {
  toleranceMeters: number;
  maxSpeedMps: number;
  windowMs: number;
}

/** The mirror of a courier's delivery and last published ETA, as read from Redis. */
export interface CourierLiveState {
  delivery: ActiveDeliveryRecord | null;
  lastEta: PublishedEta | null;
}

interface DeliveryJson extends Omit<ActiveDeliveryRecord, 'promisedReadyAt' | 'packedAt'> {
  promisedReadyAt: string | null;
  packedAt: string | null;
}

const deliveryToJson = (d: ActiveDeliveryRecord): string =>
  JSON.stringify({ ...d, promisedReadyAt: d.promisedReadyAt?.toISOString() ?? null, packedAt: d.packedAt?.toISOString() ?? null } satisfies DeliveryJson);

function deliveryFromJson(json: string | null): ActiveDeliveryRecord | null {
  if (!json) return null;
  try {
    const d = JSON.parse(json) as DeliveryJson;
    return { ...d, promisedReadyAt: d.promisedReadyAt ? new Date(d.promisedReadyAt) : null, packedAt: d.packedAt ? new Date(d.packedAt) : null };
  } catch {
    return null;
  }
}

const etaToJson = (eta: PublishedEta): string =>
  JSON.stringify({ orderId: eta.orderId, estimatedArrivalAt: eta.estimatedArrivalAt.toISOString(), minutesRemaining: eta.minutesRemaining });

function etaFromJson(json: string | null): PublishedEta | null {
  if (!json) return null;
  try {
    const e = JSON.parse(json) as { orderId: string; estimatedArrivalAt: string; minutesRemaining: number };
    return { orderId: e.orderId, estimatedArrivalAt: new Date(e.estimatedArrivalAt), minutesRemaining: e.minutesRemaining };
  } catch {
    return null;
  }
}

/**
 * The hot, Redis-only state of couriers on the move: the thinning gate, the latest position (the key
 * `PositionRepository` reads) and a mirror of the courier's active delivery with the last ETA published
 * for it. The mirror is written by the event consumers (Postgres `active_deliveries` is the truth) so a
 * report never has to ask Postgres which order the courier carries.
 */
export class LiveStateRepository {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    /** The latest-position key, shared with `PositionRepository.key`. */
    private readonly positionKey: (courierId: string) => string,
  ) {}

  gateKey(courierId: string): string {
    return `${this.namespace}:courier:${courierId}:gate`;
  }

  deliveryKey(courierId: string): string {
    return `${this.namespace}:courier:${courierId}:delivery`;
  }

  /**
   * Set once the mirror of live deliveries was rebuilt from Postgres. Its absence means Redis lost the
   * mirror (restarted empty, flushed): nothing else in the keyspace says so, as "no delivery" is also
   * what an idle courier's missing key means.
   */
  mirroredKey(): string {
    return `${this.namespace}:live:mirrored`;
  }

  /** Whether the mirror is there (see `mirroredKey`). */
  async isMirrored(): Promise<boolean> {
    return (await this.redis.exists(this.mirroredKey())) === 1;
  }

  async markMirrored(): Promise<void> {
    await this.redis.set(this.mirroredKey(), new Date().toISOString());
  }

  /**
   * Decides on one report and, when kept, stores it as the latest position: one round trip (see INGEST),
   * which records the request's signature too when given its `replay` claim.
   */
  async ingest(report: LocationReportRecord, rules: IngestRules, replay?: ReplayClaim): Promise<IngestOutcome> {
    const cached = toCached(report);
    const keys = [this.gateKey(report.courierId), this.positionKey(report.courierId), this.deliveryKey(report.courierId)];
    if (replay) keys.push(replay.key);
    const reply = (await INGEST.run(
      this.redis,
      keys,
      [
        JSON.stringify(cached),
        cached.recordedAt,
        report.recordedAt.getTime(),
        report.lat,
        report.lng,
        rules.toleranceMeters,
        rules.maxSpeedMps,
        rules.windowMs,
        EARTH_RADIUS_M,
        ...(replay ? [replay.ttlMs] : []),
      ],
    )) as [string, string | null, string | null, string | null];
    const [status, previous = null, delivery = null, eta = null] = reply;
    if (status === 'REPLAYED' || status === 'TOO_SOON' || status === 'OUT_OF_ORDER') return { status };
    if (status === 'JUMP') return { status, previous: previous ? fromCached(report.courierId, previous) : null };
    if (status !== 'KEPT') throw new Error(`ingestion script answered ${status}`);
    return { status, delivery: deliveryFromJson(delivery), lastEta: etaFromJson(eta) };
  }

  /** Remembers the ETA just published, unless the courier's delivery ended meanwhile. */
  async recordEta(courierId: string, eta: PublishedEta): Promise<void> {
    await RECORD_ETA.run(this.redis, [this.deliveryKey(courierId)], [etaToJson(eta)]);
  }

  /** Mirrors the courier's active delivery, with the ETA published for it when one was. */
  async setDelivery(courierId: string, delivery: ActiveDeliveryRecord, eta: PublishedEta | null): Promise<void> {
    const fields: Record<string, string> = { delivery: deliveryToJson(delivery) };
    if (eta) fields.eta = etaToJson(eta);
    await this.redis.hset(this.deliveryKey(courierId), fields);
  }

  /** The courier carries nothing any more. */
  async clearDelivery(courierId: string): Promise<void> {
    await this.redis.del(this.deliveryKey(courierId));
  }

  /** The mirrored delivery and last ETA of a courier. */
  async state(courierId: string): Promise<CourierLiveState> {
    const [delivery, eta] = await this.redis.hmget(this.deliveryKey(courierId), 'delivery', 'eta');
    return { delivery: deliveryFromJson(delivery ?? null), lastEta: etaFromJson(eta ?? null) };
  }
}
