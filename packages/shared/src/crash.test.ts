import { exitOnCrash } from './crash';
import { createLogger } from './logger';

describe('exitOnCrash', () => {
  it('when a rejection goes unhandled or an exception uncaught, then it is logged once and the process exits with 1', async () => {
    const lines: string[] = [];
    const log = createLogger('crash-test', 'info');
    const fatal = jest.spyOn(log, 'fatal').mockImplementation(((obj: unknown, msg: string) => void lines.push(msg)) as never);
    const exited = new Promise<number>((resolve) => {
      const remove = exitOnCrash(log, (code) => {
        remove();
        resolve(code);
      });
      process.emit('unhandledRejection', new Error('nobody caught me'), Promise.resolve());
      process.emit('uncaughtException', new Error('and me neither'));
    });
    expect(await exited).toBe(1);
    expect(fatal).toHaveBeenCalledTimes(1);
    expect(lines).toEqual(['unhandledRejection: exiting so the supervisor restarts a clean process']);
  });
});
