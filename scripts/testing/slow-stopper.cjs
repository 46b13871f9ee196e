/* global console, setInterval, setTimeout, __filename */
/**
 * Fixture for supervise.test.ts, shaped like `sh -c tsx …` under load: run plainly it is the "shell",
 * which starts a grandchild (with its own stdio, as a daemon or a tool's helper has) and dies at once on SIGINT/SIGTERM; with `grandchild` it is the program,
 * which takes STOP_MS to stop after the first signal and ignores the ones that follow (as a subgraph
 * finishing its requests does; concurrently and forwardSignals each pass the signal on).
 */
const { spawn } = require('node:child_process');

const STOP_MS = 2000;

if (process.argv[2] === 'grandchild') {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), STOP_MS);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1000);
} else {
  // Not holding the pipes concurrently reads: then the command's 'close' does not wait for it.
  const grandchild = spawn(process.execPath, [__filename, 'grandchild'], { stdio: 'ignore' });
  console.log('pid', process.pid, 'grandchild', grandchild.pid);
  setInterval(() => {}, 1000);
}
