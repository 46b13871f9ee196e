import { DEFAULT_GATEWAY_URL, DEFAULT_SIMULATE_ARGS, parseSimulateArgs } from './args';

describe('simulator args', () => {
  it('when no flags are given, then every option takes its default', () => {
    expect(parseSimulateArgs([])).toEqual({ args: { ...DEFAULT_SIMULATE_ARGS, gatewayUrl: DEFAULT_GATEWAY_URL }, help: false });
  });

  it('when GATEWAY_URL is set and --gateway is not, then the environment names the gateway', () => {
    const parsed = parseSimulateArgs([], { GATEWAY_URL: 'http://127.0.0.1:24000/graphql' });
    expect(parsed).toMatchObject({ args: { gatewayUrl: 'http://127.0.0.1:24000/graphql' } });
  });

  it('when every flag is given, then each is parsed into its option', () => {
    const parsed = parseSimulateArgs([
      '--orders', '20', '--rate=2', '--gateway', 'http://127.0.0.1:24000/graphql', '--speed', '120', '--seed', '7',
      '--decline', '0.2', '--ignore', '.1', '--missing', '0', '--couriers', '1_000', '--timeout', '90', '--adopt', '--wait', '30',
    ]);
    expect(parsed).toEqual({
      args: { orders: 20, rate: 2, gatewayUrl: 'http://127.0.0.1:24000/graphql', speed: 120, seed: 7, decline: 0.2, ignore: 0.1, missing: 0, couriers: 1000, timeoutSeconds: 90, adopt: true, waitSeconds: 30, demo: false },
      help: false,
    });
  });

  it('when --demo is given, then the gentle endless preset applies and flags given with it still win', () => {
    expect(parseSimulateArgs(['--demo', '--couriers', '3'])).toMatchObject({ args: { demo: true, adopt: true, rate: 0.05, speed: 3, couriers: 3, orders: 1_000_000 } });
  });

  it('when --help is given, then help is asked for', () => {
    expect(parseSimulateArgs(['-h'])).toMatchObject({ help: true });
  });

  it('when values are malformed or out of range, then every problem names its flag', () => {
    const parsed = parseSimulateArgs(['--orders', '2.5', '--rate', '0', '--speed', 'fast', '--decline', '1.5', '--couriers=-3', '--gateway', 'localhost:4000']);
    expect(parsed).toEqual({
      problems: [
        '--orders must be a whole number from 1 to 1000000 (got "2.5")',
        '--rate must be above 0 and at most 10000 (got 0)',
        '--speed must be a number above 0 and at most 10000 (got "fast")',
        '--decline must be from 0 to 1 (got 1.5)',
        '--couriers must be a whole number from 1 to 100000 (got "-3")',
        '--gateway must be an http(s) URL (got "localhost:4000")',
      ],
    });
  });

  it('when declines and ignores add up to more than every offer, then that is a problem', () => {
    expect(parseSimulateArgs(['--decline', '0.7', '--ignore', '0.4'])).toEqual({ problems: ['--decline and --ignore together must be at most 1 (got 0.7 + 0.4)'] });
  });

  it('when a flag is unknown or has no value, then the problem says so', () => {
    expect(parseSimulateArgs(['--order', '3'])).toEqual({ problems: [expect.stringContaining("'--order'")] });
    expect(parseSimulateArgs(['--rate'])).toEqual({ problems: [expect.stringContaining('--rate')] });
  });
});
