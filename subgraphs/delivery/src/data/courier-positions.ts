import type { Redis } from '@qc/shared';
import type { CourierPositionRecord, GeoPoint, NearbyPage } from './types';

/**
 * Keeps each position only if it is newer than the one held, so a report delivered late over core NATS
 * never moves a courier back in time. GEOADD and the time are written together, atomically. ARGV holds
 * the positions four at a time (courier id, lng, lat, epoch ms), so a batch is one call.
 */
const RECORD_IF_NEWER = `
local kept = 0
for i = 1, #ARGV, 4 do
  local seen = redis.call('HGET', KEYS[2], ARGV[i])
  if not seen or tonumber(seen) < tonumber(ARGV[i + 3]) then
    redis.call('GEOADD', KEYS[1], ARGV[i + 1], ARGV[i + 2], ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 3])
    kept = kept + 1
  end
end
return kept
`;

const RECORD_COMMAND = 'qcDeliveryRecordPositions';

type RecordCommand = (geoKey: string, seenKey: string, ...args: string[]) => Promise<number>;

/**
 * Forgets couriers whose last report is still older than ARGV[1] (a phone switched off), so searches do
 * not wade through them forever. Rechecked here because a fresh report may have landed meanwhile.
 */
const FORGET_IF_STALE = `
local forgotten = 0
for i = 2, #ARGV do
  local seen = redis.call('HGET', KEYS[2], ARGV[i])
  if not seen or tonumber(seen) < tonumber(ARGV[1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
    forgotten = forgotten + 1
  end
end
return forgotten
`;

/** Redis GEO cannot index the poles (Web Mercator); such a report cannot be a courier in a city anyway. */
const MAX_GEO_LAT = 85.05112878;

/**
 * Delivery's own projection of where couriers are, fed by tracking's live `tracking.position` feed:
 * a GEO set `<ns>:couriers:geo` for radius search and a hash `<ns>:couriers:seen` of report times
 * (epoch ms), so stale positions (a phone that stopped reporting) are not offered work.
 */
export class CourierPositionStore {
  private readonly geoKey: string;
  private readonly seenKey: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.geoKey = `${namespace}:couriers:geo`;
    this.seenKey = `${namespace}:couriers:seen`;
    // A defined command runs by EVALSHA: the script's text crosses the wire once, not with every batch.
    if (!(RECORD_COMMAND in redis)) redis.defineCommand(RECORD_COMMAND, { numberOfKeys: 2, lua: RECORD_IF_NEWER });
  }

  /** Records a position if it is newer than the courier's last; false when it was older or unusable. */
  async record(position: CourierPositionRecord): Promise<boolean> {
    return (await this.recordMany([position])) === 1;
  }

  /**
   * Records each position that is newer than its courier's last, in one round trip; returns how many
   * were kept. Positions Redis GEO cannot index (beyond ±85.05° latitude) are passed over.
   */
  async recordMany(positions: readonly CourierPositionRecord[]): Promise<number> {
    const args: string[] = [];
    for (const p of positions) {
      if (Math.abs(p.lat) > MAX_GEO_LAT || Math.abs(p.lng) > 180) continue;
      args.push(p.courierId, String(p.lng), String(p.lat), String(p.recordedAt.getTime()));
    }
    if (args.length === 0) return 0;
    const record = (this.redis as unknown as Record<typeof RECORD_COMMAND, RecordCommand>)[RECORD_COMMAND];
    return record.call(this.redis, this.geoKey, this.seenKey, ...args);
  }

  /**
   * The `count` couriers nearest to `center` within `radiusMeters`, nearest first, without those whose
   * last report is older than `maxAgeMs` (which are forgotten). `reachedMeters` is how far the page
   * went and `exhausted` whether it holds everyone in the radius, so a caller can ask for a bigger page.
   */
  async nearby(center: GeoPoint, radiusMeters: number, count: number, maxAgeMs: number, now: Date = new Date()): Promise<NearbyPage> {
    const hits = (await this.redis.geosearch(
      this.geoKey,
      'FROMLONLAT',
      center.lng,
      center.lat,
      'BYRADIUS',
      radiusMeters,
      'm',
      'ASC',
      'COUNT',
      count,
      'WITHDIST',
    )) as [string, string][];
    const page: NearbyPage = { couriers: [], reachedMeters: hits.length ? Number(hits[hits.length - 1]![1]) : 0, exhausted: hits.length < count };
    if (hits.length === 0) return page;
    const seen = await this.redis.hmget(this.seenKey, ...hits.map(([id]) => id));
    const oldest = now.getTime() - maxAgeMs;
    const stale: string[] = [];
    hits.forEach(([courierId, distance], i) => {
      const at = Number(seen[i]);
      if (!Number.isFinite(at) || at < oldest) stale.push(courierId);
      else page.couriers.push({ courierId, distanceMeters: Math.round(Number(distance)), recordedAt: new Date(at) });
    });
    if (stale.length) await this.redis.eval(FORGET_IF_STALE, 2, this.geoKey, this.seenKey, String(oldest), ...stale);
    return page;
  }

  /** The courier's projected position, or null. */
  async find(courierId: string): Promise<CourierPositionRecord | null> {
    const [[pos], seen] = await Promise.all([this.redis.geopos(this.geoKey, courierId), this.redis.hget(this.seenKey, courierId)]);
    if (!pos || seen === null) return null;
    return { courierId, lng: Number(pos[0]), lat: Number(pos[1]), recordedAt: new Date(Number(seen)) };
  }
}
