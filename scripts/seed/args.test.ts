import { parseSeedArgs } from './args';

describe('parseSeedArgs', () => {
  it('when no flags are given, then every option is left to its default', () => {
    expect(parseSeedArgs([])).toEqual({ options: {}, ifEmpty: false, help: false });
  });

  it('when counts and --if-empty are given, then they are parsed as numbers and a flag', () => {
    expect(parseSeedArgs(['--stores', '1000', '--products=5_000', '--seed', '7', '--if-empty'])).toEqual({
      options: { stores: 1_000, products: 5_000, seed: 7 },
      ifEmpty: true,
      help: false,
    });
  });

  it('when a flag is unknown, then the problem names it', () => {
    expect(parseSeedArgs(['--shops', '3'])).toEqual({ problems: [expect.stringContaining("'--shops'")] });
  });

  it('when a count is not a whole number or out of range, then each problem names its flag', () => {
    const result = parseSeedArgs(['--products', '1e3', '--stores', '0', '--couriers=-2']);
    expect(result).toEqual({
      problems: [
        '--products must be a whole number (got "1e3")',
        '--couriers must be a whole number (got "-2")',
        expect.stringMatching(/^--stores must be an integer from 1 to 10,000 \(got 0\)$/),
      ],
    });
  });

  it('when a count flag has no value, then that is a problem too', () => {
    expect(parseSeedArgs(['--orders'])).toEqual({ problems: [expect.stringContaining('--orders')] });
  });
});
