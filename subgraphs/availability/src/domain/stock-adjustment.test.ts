import { MAX_ADJUSTMENT, refusal, validateAdjustment } from './stock-adjustment';

const input = { storeId: 'str_a', productId: 'prd_1', delta: -3, reason: ' broken jar ' };

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'valid';
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
};

describe('validateAdjustment', () => {
  it('when the delta is non-zero and a reason is given, then the input passes with the reason trimmed', () => {
    expect(validateAdjustment(input)).toEqual({ ...input, reason: 'broken jar' });
  });

  it('when the delta is zero, fractional or beyond a million either way, then it is BAD_USER_INPUT on delta', () => {
    for (const delta of [0, 1.5, MAX_ADJUSTMENT + 1, -MAX_ADJUSTMENT - 1]) {
      expect(codeOf(() => validateAdjustment({ ...input, delta }))).toEqual({ code: 'BAD_USER_INPUT', field: 'delta' });
    }
  });

  it('when the reason is blank or longer than 500 characters, then it is BAD_USER_INPUT on reason', () => {
    for (const reason of ['', '   ', 'x'.repeat(501)]) {
      expect(codeOf(() => validateAdjustment({ ...input, reason }))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
  });
});

describe('refusal', () => {
  it('when the store does not exist, then the refusal says so', () => {
    expect(refusal(input, null, false)).toMatchObject({ kind: 'store-not-found', storeId: 'str_a' });
  });

  it('when the store exists but has no line for the product, then the product is not stocked there', () => {
    expect(refusal(input, null, true)).toMatchObject({ kind: 'not-stocked', storeId: 'str_a', productId: 'prd_1' });
  });

  it('when taking units would leave fewer than are reserved, then it is insufficient stock with the numbers', () => {
    const result = refusal({ ...input, delta: -5 }, { storeId: 'str_a', productId: 'prd_1', onHand: 6, reserved: 2 }, true);
    expect(result).toMatchObject({ kind: 'insufficient', onHand: 6, reserved: 2, available: 4, requestedDelta: -5 });
    expect(result.message).toMatch(/only 4 are not reserved/);
  });
});
