import { assertLocation, assertProductIds, locationKey, MAX_PRODUCT_IDS } from './location';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('assertLocation', () => {
  it('when the point is on Earth, including the edges, then it passes', () => {
    for (const location of [{ lat: 52.52, lng: 13.405 }, { lat: -90, lng: -180 }, { lat: 90, lng: 180 }]) {
      expect(codeOf(() => assertLocation(location))).toBe('no error');
    }
  });

  it('when latitude or longitude is out of range or not finite, then it is BAD_USER_INPUT', () => {
    for (const location of [{ lat: 90.01, lng: 0 }, { lat: -91, lng: 0 }, { lat: 0, lng: 180.5 }, { lat: 0, lng: -181 }, { lat: NaN, lng: 0 }, { lat: 0, lng: Infinity }]) {
      expect(codeOf(() => assertLocation(location))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('assertProductIds', () => {
  it('when between 1 and 200 ids are given, then they pass', () => {
    expect(codeOf(() => assertProductIds(['prd_1']))).toBe('no error');
    expect(codeOf(() => assertProductIds(Array.from({ length: MAX_PRODUCT_IDS }, (_, i) => `prd_${i}`)))).toBe('no error');
  });

  it('when the list is empty or longer than 200, then it is BAD_USER_INPUT', () => {
    expect(codeOf(() => assertProductIds([]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertProductIds(Array.from({ length: MAX_PRODUCT_IDS + 1 }, (_, i) => `prd_${i}`)))).toBe('BAD_USER_INPUT');
  });

  it('when an id is blank or absurdly long, then it is BAD_USER_INPUT', () => {
    expect(codeOf(() => assertProductIds(['prd_1', ' ']))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => assertProductIds(['x'.repeat(101)]))).toBe('BAD_USER_INPUT');
  });
});

describe('locationKey', () => {
  it('when two points are equal, then their keys are; when they differ, then so do the keys', () => {
    expect(locationKey({ lat: 52.5, lng: 13.4 })).toBe(locationKey({ lat: 52.5, lng: 13.4 }));
    expect(locationKey({ lat: 52.5, lng: 13.4 })).not.toBe(locationKey({ lat: 13.4, lng: 52.5 }));
  });
});
