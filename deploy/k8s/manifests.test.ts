import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { SUBGRAPHS } from '@qc/shared';
import { platform } from './manifests';
import { renderAll, renderDocuments } from './render';

type Json = Record<string, any>;
const objects = platform().map((o) => o.toJSON() as Json);
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

describe('the Kubernetes manifests', () => {
  it('validate against the API schemas and match the committed rendering', () => {
    for (const [name, text] of Object.entries(renderAll())) {
      expect(readFileSync(join(__dirname, 'rendered', name), 'utf8')).toBe(text);
    }
  });

  it('refuse an object the API would refuse', () => {
    const broken = new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'two' as unknown as number, selector: {}, template: {} } });
    expect(() => renderDocuments([broken])).toThrow(/Deployment x is invalid/);
  });

  it('run the gateway and every subgraph with probes, an autoscaler and a disruption budget', () => {
    const names = ['gateway', ...SUBGRAPHS.map((s) => s.name)].sort();
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      expect(byKind(kind).map((o) => o.metadata.name).sort()).toEqual(names);
    }
    for (const deployment of byKind('Deployment')) {
      const [container] = deployment.spec.template.spec.containers;
      expect(container.args).toEqual([deployment.metadata.name]);
      expect(container.readinessProbe.httpGet.path).toBe('/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health');
      expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      // Secrets come from the Secret, never inline.
      const inline = container.env.filter((e: Json) => /SECRET|DATABASE_URL|REDIS_URL|NATS_URL/.test(e.name) && e.value !== undefined);
      expect(inline).toEqual([]);
    }
  });

  it('let only the gateway reach a subgraph, and migrate with a Job of the same image', () => {
    const policies = byKind('NetworkPolicy');
    expect(policies.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name']).sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
    for (const policy of policies) {
      expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'gateway' }) } }], ports: [expect.any(Object)] }]);
    }
    const [job] = byKind('Job');
    expect(job!.spec.template.spec.containers[0].args).toEqual(['migrate']);
    expect(job!.spec.template.spec.containers[0].image).toBe(byKind('Deployment')[0]!.spec.template.spec.containers[0].image);
  });
});
