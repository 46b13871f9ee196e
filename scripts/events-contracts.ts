/**
 * The committed event contracts: `npm run events:contracts` checks the catalogue against
 * `packages/shared/src/events/contracts/contracts.snapshot.json`; `-- --write` refreshes the snapshot,
 * refusing a change that consumers built on the committed contract could not read (or that would make
 * events still in the stream unreadable): such a change needs a new subject instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { contractSnapshot, incompatibilities, type ContractSnapshot } from '@qc/shared/testing';

const file = join(__dirname, '..', 'packages', 'shared', 'src', 'events', 'contracts', 'contracts.snapshot.json');

function main() {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
  const committed = JSON.parse(readFileSync(file, 'utf8')) as ContractSnapshot;
  const problems = incompatibilities(committed);
  if (problems.length) {
    console.error(`Incompatible event contract changes:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const current = `${JSON.stringify(contractSnapshot(), null, 2)}\n`;
  if (current === readFileSync(file, 'utf8')) {
    console.log('Event contracts match the committed snapshot.');
    return;
  }
  if (!values.write) {
    console.error('Event contracts changed compatibly; run `npm run events:contracts -- --write` and commit the snapshot.');
    process.exit(1);
  }
  writeFileSync(file, current);
  console.log(`Wrote ${file}.`);
}

main();
