import net from 'node:net';
import { describeMissing, missingServices, servicesFromEnv } from './services';

describe('start-up preflight', () => {
  let closedPort: number;
  beforeAll(async () => {
    // Bind and release a port so nothing listens there.
    const server = net.createServer();
    closedPort = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    await new Promise((resolve) => server.close(resolve));
  });

  it('when the local Postgres, Redis and NATS run, then nothing is missing', async () => {
    await expect(missingServices(servicesFromEnv({}))).resolves.toEqual([]);
  });

  it('when Redis does not answer, then only Redis is named, with its URL and how to start it', async () => {
    const missing = await missingServices(servicesFromEnv({ REDIS_URL: `redis://127.0.0.1:${closedPort}` }));
    expect(missing.map((m) => m.name)).toEqual(['Redis']);
    const text = describeMissing(missing);
    expect(text).toContain(`Redis does not answer at redis://127.0.0.1:${closedPort}`);
    expect(text).toContain('start it with: redis-server');
  });

  it('when a database URL carries a password, then the message does not print it', () => {
    const [pg] = servicesFromEnv({ DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/qc' });
    expect(describeMissing([pg!])).not.toContain('s3cret');
  });
});
