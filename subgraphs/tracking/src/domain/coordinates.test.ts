import { isValidCoordinate, isValidHeading, isValidSpeed, positionProblem } from './coordinates';

const berlin = { courierId: 'cou_1', lat: 52.52, lng: 13.405, heading: 90, speed: 4.2, recordedAt: new Date('2026-11-22T10:00:00Z') };

describe('isValidCoordinate', () => {
  it('when the point is on Earth, including the poles and the antimeridian, then it is valid', () => {
    expect(isValidCoordinate(52.52, 13.405)).toBe(true);
    expect(isValidCoordinate(-90, -180)).toBe(true);
    expect(isValidCoordinate(90, 180)).toBe(true);
    expect(isValidCoordinate(0, 0)).toBe(true);
  });

  it('when latitude or longitude is out of range, then it is invalid', () => {
    expect(isValidCoordinate(90.0001, 0)).toBe(false);
    expect(isValidCoordinate(-91, 0)).toBe(false);
    expect(isValidCoordinate(0, 180.5)).toBe(false);
    expect(isValidCoordinate(0, -181)).toBe(false);
  });

  it('when a value is not a finite number, then it is invalid', () => {
    expect(isValidCoordinate(Number.NaN, 0)).toBe(false);
    expect(isValidCoordinate(0, Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('heading and speed', () => {
  it('when heading is within [0, 360) or unknown, then it is valid, else not', () => {
    expect([0, 359.9, null].map(isValidHeading)).toEqual([true, true, true]);
    expect([360, -1, Number.NaN].map(isValidHeading)).toEqual([false, false, false]);
  });

  it('when speed is zero, positive or unknown, then it is valid, else not', () => {
    expect([0, 12.5, null].map(isValidSpeed)).toEqual([true, true, true]);
    expect([-0.1, Number.POSITIVE_INFINITY].map(isValidSpeed)).toEqual([false, false]);
  });
});

describe('positionProblem', () => {
  it('when every field is in range, then there is no problem', () => {
    expect(positionProblem(berlin)).toBeNull();
    expect(positionProblem({ ...berlin, heading: null, speed: null })).toBeNull();
  });

  it('when a field is out of range, then the problem names that field', () => {
    expect(positionProblem({ ...berlin, lat: 100 })?.field).toBe('lat/lng');
    expect(positionProblem({ ...berlin, heading: 400 })?.field).toBe('heading');
    expect(positionProblem({ ...berlin, speed: -3 })?.field).toBe('speed');
    expect(positionProblem({ ...berlin, recordedAt: new Date('not a date') })?.field).toBe('recordedAt');
    expect(positionProblem({ ...berlin, courierId: '' })?.field).toBe('courierId');
  });
});
