import { appError, badInput, ErrorCode, replayRefused, type EventBus, type Logger, type ReplayClaim } from '@qc/shared';
import type { LiveStateRepository } from '../data';
import type { LocationReportRecord } from '../data/types';
import { computeEta, etaChanged } from '../domain/eta';
import { jumpProblem, jumpToleranceMeters, MAX_SPEED_MPS, reportProblem, THINNING_WINDOW_MS } from '../domain/report';
import { positionEvent, publishEta, publishPosition } from '../events/publish';
import type { LocationWriter } from './location-writer';

/** A report as the courier sends it (the courier is whoever is signed in). */
export interface LocationInput {
  lat: number;
  lng: number;
  heading?: number | null;
  speed?: number | null;
  accuracy?: number | null;
  recordedAt: Date;
}

/** Why a valid report was acknowledged without being kept. */
export type SkipReason = 'TOO_SOON' | 'OUT_OF_ORDER';

export interface ReportAck {
  kept: boolean;
  skipped: SkipReason | null;
}

export interface IngestionDeps {
  live: LiveStateRepository;
  writer: Pick<LocationWriter, 'add'>;
  events: EventBus;
  log: Pick<Logger, 'warn'>;
}

/**
 * The hot path of a location report: validate it alone, let Redis decide on it in one round trip
 * (thinning, order, jump; see `LiveStateRepository.ingest`), then for a kept report buffer it for
 * Postgres, publish it live with the carried order's ETA, and publish the ETA when it changed. No
 * Postgres on the way; the only other Redis call records a changed ETA.
 */
export class IngestionService {
  constructor(private readonly deps: IngestionDeps) {}

  /** `replay`: the request's signature, recorded as used by the same Redis script (see `Caller.replay`). */
  async report(courierId: string, input: LocationInput, now: Date, replay?: ReplayClaim): Promise<ReportAck> {
    const report: LocationReportRecord = {
      courierId,
      lat: input.lat,
      lng: input.lng,
      heading: input.heading ?? null,
      speed: input.speed ?? null,
      accuracy: input.accuracy ?? null,
      recordedAt: input.recordedAt,
    };
    const problem = reportProblem(report, now);
    if (problem) throw badInput(problem.message, problem.field);

    const toleranceMeters = jumpToleranceMeters(report.accuracy);
    let outcome;
    try {
      outcome = await this.deps.live.ingest(report, { toleranceMeters, maxSpeedMps: MAX_SPEED_MPS, windowMs: THINNING_WINDOW_MS }, replay);
    } catch (error) {
      this.deps.log.warn({ err: error, courierId }, 'location report not taken: Redis failed');
      throw appError(ErrorCode.UNAVAILABLE, 'Locations cannot be taken right now; send the next one as usual');
    }
    if (outcome.status === 'REPLAYED') {
      this.deps.log.warn({ courierId }, 'refused a location report whose signed request was already used');
      throw replayRefused();
    }
    if (outcome.status === 'TOO_SOON' || outcome.status === 'OUT_OF_ORDER') return { kept: false, skipped: outcome.status };
    if (outcome.status === 'JUMP') {
      const jump = outcome.previous ? jumpProblem(outcome.previous, report, toleranceMeters) : null;
      throw badInput(jump?.message ?? 'impossible jump from the previous report', 'lat/lng');
    }

    const { delivery, lastEta } = outcome;
    const eta = delivery ? computeEta(delivery, report, now) : null;
    this.deps.writer.add(report, delivery?.orderId ?? null);
    publishPosition(this.deps.events, this.deps.log, positionEvent(report, delivery?.orderId ?? null, eta));
    if (eta && etaChanged(lastEta, eta)) {
      publishEta(this.deps.events, this.deps.log, eta);
      // Losing this only means the next report publishes the same ETA again.
      await this.deps.live.recordEta(courierId, eta).catch((error: unknown) => this.deps.log.warn({ err: error, courierId }, 'published ETA not recorded'));
    }
    return { kept: true, skipped: null };
  }
}
