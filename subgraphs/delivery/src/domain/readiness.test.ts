import { offerTiming, travelSeconds, type ReadinessInput } from './readiness';

const now = new Date('2026-11-25T12:00:00Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000);
const input = (fields: Partial<ReadinessInput>): ReadinessInput => ({
  now,
  packedAt: null,
  promisedReadyAt: null,
  etaToStoreSeconds: 300,
  toleranceSeconds: 30,
  maxRecheckMs: 15_000,
  ...fields,
});

describe('travelSeconds', () => {
  it('when a bicycle covers 1 km straight-line, then it takes the detoured 1.3 km at 4.2 m/s', () => {
    expect(travelSeconds(1000, 'BICYCLE')).toBe(Math.round(1300 / 4.2));
  });

  it('when the vehicle is faster, then the same distance takes less time', () => {
    expect(travelSeconds(2000, 'CAR')).toBeLessThan(travelSeconds(2000, 'E_BIKE'));
    expect(travelSeconds(2000, 'E_BIKE')).toBeLessThan(travelSeconds(2000, 'BICYCLE'));
  });

  it('when the courier is at the store, then it takes no time', () => {
    expect(travelSeconds(0, 'SCOOTER')).toBe(0);
  });
});

describe('offerTiming (slack = picking time left − courier ETA to store)', () => {
  it('when the order is packed, then it is offered at once whatever the ETA', () => {
    expect(offerTiming(input({ packedAt: now, promisedReadyAt: inMinutes(10), etaToStoreSeconds: 5 }))).toEqual({ offerNow: true, slackSeconds: null });
  });

  it('when the courier needs longer than the picking time left, then it is offered now (negative slack)', () => {
    expect(offerTiming(input({ promisedReadyAt: inMinutes(2), etaToStoreSeconds: 600 }))).toEqual({ offerNow: true, slackSeconds: -480 });
  });

  it('when the courier would arrive within the tolerance before the bag is ready, then it is offered now', () => {
    expect(offerTiming(input({ promisedReadyAt: inMinutes(5), etaToStoreSeconds: 275 }))).toEqual({ offerNow: true, slackSeconds: 25 });
  });

  it('when the courier would wait at the store longer than the tolerance, then the order waits and is looked at again when slack reaches it', () => {
    const timing = offerTiming(input({ promisedReadyAt: inMinutes(5), etaToStoreSeconds: 260 }));
    expect(timing).toEqual({ offerNow: false, slackSeconds: 40, recheckAt: new Date(now.getTime() + 10_000) });
  });

  it('when the slack is large, then the next look is capped at maxRecheckMs (couriers move meanwhile)', () => {
    const timing = offerTiming(input({ promisedReadyAt: inMinutes(15), etaToStoreSeconds: 60 }));
    expect(timing).toEqual({ offerNow: false, slackSeconds: 840, recheckAt: new Date(now.getTime() + 15_000) });
  });

  it('when the promised time has passed, then the picking time left counts as zero and the order is offered', () => {
    expect(offerTiming(input({ promisedReadyAt: inMinutes(-3), etaToStoreSeconds: 100 }))).toEqual({ offerNow: true, slackSeconds: -100 });
  });

  it('when the store has promised nothing and not packed, then the order waits for packing', () => {
    expect(offerTiming(input({}))).toMatchObject({ offerNow: false, slackSeconds: null });
  });
});
