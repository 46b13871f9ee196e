import type { Logger } from './logger';

/**
 * The process-level policy for what nobody handled: log it (with the error) and exit with status 1,
 * so the supervisor (`npm start`'s runner, Docker's restart policy, Kubernetes) starts a clean process.
 * After an uncaught exception the process's state is unknown; carrying on would serve from it.
 * Returns a function that removes the handlers (tests install it on their own process).
 */
export function exitOnCrash(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  let exiting = false;
  const crash = (kind: string) => (error: unknown) => {
    if (exiting) return;
    exiting = true;
    log.fatal({ err: error, kind }, `${kind}: exiting so the supervisor restarts a clean process`);
    // Buffered JSON lines are written when the process exits; a pretty-printing transport needs a moment.
    setTimeout(() => exit(1), 100).unref();
  };
  const onRejection = crash('unhandledRejection');
  const onException = crash('uncaughtException');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
