import type { AddressInfo } from 'node:net';
import express from 'express';
import { metricsRoute, ServiceMetrics } from './metrics';

describe('/metrics', () => {
  it('when the process is busy as the first scrape starts the metrics, then the event-loop delay still holds samples', async () => {
    const metrics = new ServiceMetrics();
    const ready = metrics.withProcessMetrics();
    // A loaded machine: the loop runs nothing for 120 ms, so every timer started above comes due at once.
    const until = Date.now() + 120;
    while (Date.now() < until);
    await ready;
    const text = await metrics.registry.metrics();
    const min = Number(/^nodejs_eventloop_lag_min_seconds (\S+)$/m.exec(text)?.[1]);
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThan(1);
  });

  it('when first scraped, then the process metrics start and the event-loop delay already holds samples', async () => {
    const metrics = new ServiceMetrics();
    const app = express();
    app.get('/metrics', metricsRoute(metrics));
    const server = app.listen(0);
    try {
      // Nothing is sampled before the first scrape: no process metric is registered yet.
      expect(metrics.registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds')).toBeUndefined();
      const { port } = server.address() as AddressInfo;
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1]);
      // The monitor reports whole intervals (10 ms and more), never an empty histogram's placeholder.
      expect(value('nodejs_eventloop_lag_min_seconds')).toBeGreaterThan(0);
      expect(value('nodejs_eventloop_lag_min_seconds')).toBeLessThan(1);
      expect(value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
      expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});
