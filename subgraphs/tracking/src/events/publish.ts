import { SUBJECTS, type EventBus, type EventPayload, type Logger } from '@qc/shared';
import type { LocationReportRecord } from '../data/types';
import type { EtaRecord } from '../domain/eta';
import type { TrackingEtaEvent, TrackingPositionEvent } from './payloads';

/**
 * Live subjects are fire-and-forget: a lost position is superseded by the next one within seconds, so
 * a NATS hiccup is logged and never fails the report that caused it.
 */
function publishLive<S extends typeof SUBJECTS.trackingPosition | typeof SUBJECTS.trackingEta>(bus: EventBus, log: Pick<Logger, 'warn'>, subject: S, data: EventPayload<S>) {
  try {
    bus.publishLive(subject, data);
  } catch (error) {
    log.warn({ err: error, subject }, 'live event not published');
  }
}

/** The payload of `tracking.position` for a kept report. */
export const positionEvent = (report: LocationReportRecord, orderId: string | null, eta: EtaRecord | null): TrackingPositionEvent => ({
  courierId: report.courierId,
  orderId,
  lat: report.lat,
  lng: report.lng,
  heading: report.heading,
  speed: report.speed,
  recordedAt: report.recordedAt.toISOString(),
  eta: eta ? { orderId: eta.orderId, estimatedArrivalAt: eta.estimatedArrivalAt.toISOString(), minutesRemaining: eta.minutesRemaining } : null,
});

/** The payload of `tracking.eta`. */
export const etaEvent = (eta: EtaRecord): TrackingEtaEvent => ({
  orderId: eta.orderId,
  courierId: eta.courierId,
  estimatedArrivalAt: eta.estimatedArrivalAt.toISOString(),
  minutesRemaining: eta.minutesRemaining,
  computedAt: eta.computedAt.toISOString(),
});

export const publishPosition = (bus: EventBus, log: Pick<Logger, 'warn'>, event: TrackingPositionEvent): void =>
  publishLive(bus, log, SUBJECTS.trackingPosition, event);

export const publishEta = (bus: EventBus, log: Pick<Logger, 'warn'>, eta: EtaRecord): void =>
  publishLive(bus, log, SUBJECTS.trackingEta, etaEvent(eta));
