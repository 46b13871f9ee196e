import { availableUnits } from './stock';

describe('availableUnits', () => {
  it('when some units are reserved, then only the rest are available', () => {
    expect(availableUnits({ onHand: 12, reserved: 5 })).toBe(7);
  });

  it('when everything on hand is reserved, then nothing is available', () => {
    expect(availableUnits({ onHand: 3, reserved: 3 })).toBe(0);
  });
});
