// The image's HEALTHCHECK: asks the service the entry point started for its /ready. One-shot commands
// (migrate, seed) record no URL and are always healthy.
const { readFileSync } = require('node:fs');

let url;
try {
  url = readFileSync(process.env.QC_READY_FILE ?? '/tmp/qc-ready-url', 'utf8').trim();
} catch {
  process.exit(0);
}
fetch(url, { signal: AbortSignal.timeout(2500) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
