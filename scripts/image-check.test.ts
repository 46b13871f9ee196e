import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from './image-check';

describe('image:check reads the Dockerfile it reproduces', () => {
  it('joins continued lines and drops comments', () => {
    const steps = parseDockerfile('# a comment\nFROM node:26-slim AS build\nRUN npm ci \\\n  --no-audit\n\nCMD ["gateway"]\n');
    expect(steps).toEqual([
      { op: 'FROM', args: 'node:26-slim AS build', line: 2 },
      { op: 'RUN', args: 'npm ci --no-audit', line: 3 },
      { op: 'CMD', args: '["gateway"]', line: 6 },
    ]);
  });

  it("understands every instruction of the project's Dockerfile, which builds on the pinned Node line", () => {
    const steps = parseDockerfile(readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8'));
    const known = new Set(['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'HEALTHCHECK', 'ENTRYPOINT', 'CMD']);
    expect(steps.filter((s) => !known.has(s.op))).toEqual([]);
    const pinned = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.node!;
    const major = /\d+/.exec(pinned)![0];
    expect(steps.filter((s) => s.op === 'FROM').map((s) => s.args.split(' ')[0])).toEqual([`node:${major}-slim`, `node:${major}-slim`]);
    // The running image is unprivileged and production-only.
    const last = steps.slice(steps.map((s) => s.op).lastIndexOf('FROM'));
    expect(last).toContainEqual(expect.objectContaining({ op: 'USER', args: 'node' }));
    expect(last).toContainEqual(expect.objectContaining({ op: 'ENV', args: 'NODE_ENV=production' }));
  });
});
