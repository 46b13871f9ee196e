/**
 * The platform on Kubernetes, as typed objects (kubernetes-models: the API's own types, validated
 * against its JSON schemas). `npm run k8s:render` writes them to deploy/k8s/rendered/; `npm test`
 * validates every object and checks the rendered files are fresh.
 *
 * What runs: the gateway and the six subgraphs as Deployments of the one production image (its
 * argument names the process), each with a Service, readiness on /ready and liveness on /health, a
 * HorizontalPodAutoscaler and a PodDisruptionBudget; the migrations as a Job of the same image; a
 * NetworkPolicy per subgraph that admits only the gateway. NATS (3-node JetStream cluster, the official
 * chart: values in deploy/k8s/nats-values.yaml), Postgres and Redis are external services whose
 * addresses and credentials come from the `quick-commerce` Secret (deploy/k8s/secret.example.yaml).
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { GATEWAY_PORT, SUBGRAPHS, type SubgraphName } from '@qc/shared';

export interface Settings {
  /** The production image built from the Dockerfile. */
  image: string;
  /** Name of the Secret holding DATABASE_URL, REDIS_URL, NATS_URL, GATEWAY_HMAC_SECRET and JWT_SECRET. */
  secretName: string;
  eventsPrefix: string;
}

export const DEFAULT_SETTINGS: Settings = {
  // The image your CI builds from the Dockerfile and pushes; `npm run k8s:render -- --image <ref>` sets it.
  image: 'quick-commerce:latest',
  secretName: 'quick-commerce',
  eventsPrefix: 'qc',
};

/**
 * Replicas and requests per process, from docs/capacity.md: every service runs at least two pods (a
 * node drain or a crash never takes one away entirely) and scales on CPU.
 */
interface Sizing {
  minReplicas: number;
  maxReplicas: number;
  cpu: string;
  memory: string;
}

const SIZING: Record<SubgraphName | 'gateway', Sizing> = {
  gateway: { minReplicas: 2, maxReplicas: 40, cpu: '1000m', memory: '512Mi' },
  catalog: { minReplicas: 2, maxReplicas: 30, cpu: '500m', memory: '384Mi' },
  availability: { minReplicas: 2, maxReplicas: 20, cpu: '1000m', memory: '384Mi' },
  orders: { minReplicas: 2, maxReplicas: 20, cpu: '1000m', memory: '384Mi' },
  fulfillment: { minReplicas: 2, maxReplicas: 25, cpu: '500m', memory: '384Mi' },
  delivery: { minReplicas: 2, maxReplicas: 20, cpu: '1000m', memory: '384Mi' },
  tracking: { minReplicas: 2, maxReplicas: 30, cpu: '1000m', memory: '384Mi' },
};

const PART_OF = 'quick-commerce';

function labels(component: string) {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/part-of': PART_OF, 'app.kubernetes.io/component': component };
}

function fromSecret(settings: Settings, ...keys: string[]): IEnvVar[] {
  return keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: settings.secretName, key } } }));
}

function sharedEnv(settings: Settings): IEnvVar[] {
  return [
    { name: 'NODE_ENV', value: 'production' },
    { name: 'EVENTS_PREFIX', value: settings.eventsPrefix },
    // The 3-node JetStream cluster (deploy/k8s/nats-values.yaml) keeps three copies of the stream.
    { name: 'EVENTS_STREAM_REPLICAS', value: '3' },
    { name: 'LOG_FORMAT', value: 'json' },
    ...fromSecret(settings, 'DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'GATEWAY_HMAC_SECRET'),
  ];
}

function workload(settings: Settings, component: SubgraphName | 'gateway', port: number, env: IEnvVar[]) {
  const sizing = SIZING[component];
  const selector = labels(component);
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  const deployment = new Deployment({
    metadata: { name: component, labels: selector },
    spec: {
      replicas: sizing.minReplicas,
      selector: { matchLabels: selector },
      // Replace one pod at a time and only once its replacement is ready: consumers and relays hand
      // over through JetStream and Postgres, so a rolling update loses nothing.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: selector },
        spec: {
          // The processes drain on SIGTERM (in-flight requests, consumers, subscriptions).
          terminationGracePeriodSeconds: 30,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          ],
          containers: [
            {
              name: component,
              image: settings.image,
              args: [component],
              ports: [{ name: 'http', containerPort: port }],
              env,
              readinessProbe: probe('/ready', 5, 3),
              livenessProbe: probe('/health', 10, 6),
              startupProbe: probe('/health', 2, 60),
              resources: { requests: { cpu: sizing.cpu, memory: sizing.memory }, limits: { memory: sizing.memory } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              // The image's health check writes its URL under /tmp; the root file system stays read-only.
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  });
  const service = new Service({
    metadata: { name: component, labels: selector },
    spec: { selector, ports: [{ name: 'http', port, targetPort: 'http' }] },
  });
  const autoscaler = new HorizontalPodAutoscaler({
    metadata: { name: component, labels: selector },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: component },
      minReplicas: sizing.minReplicas,
      maxReplicas: sizing.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } }],
    },
  });
  const disruption = new PodDisruptionBudget({
    metadata: { name: component, labels: selector },
    spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
  });
  return [deployment, service, autoscaler, disruption];
}

/** Only the gateway reaches a subgraph (they trust the gateway's signed identity, not the network). */
function onlyFromGateway(name: SubgraphName, port: number) {
  return new NetworkPolicy({
    metadata: { name: `${name}-from-gateway-only`, labels: labels(name) },
    spec: {
      podSelector: { matchLabels: labels(name) },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: labels('gateway') } }], ports: [{ protocol: 'TCP', port }] }],
    },
  });
}

function migrations(settings: Settings) {
  return new Job({
    metadata: { name: 'migrate', labels: labels('migrate') },
    spec: {
      backoffLimit: 4,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels: labels('migrate') },
        spec: {
          restartPolicy: 'OnFailure',
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'migrate',
              image: settings.image,
              args: ['migrate'],
              env: [{ name: 'NODE_ENV', value: 'production' }, ...fromSecret(settings, 'DATABASE_URL')],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  });
}

/** Every object the platform needs in its namespace, in apply order. */
export function platform(settings: Settings = DEFAULT_SETTINGS) {
  const subgraphs = SUBGRAPHS.flatMap(({ name, port }) => [...workload(settings, name, port, sharedEnv(settings)), onlyFromGateway(name, port)]);
  const gatewayEnv = [
    ...sharedEnv(settings),
    ...fromSecret(settings, 'JWT_SECRET'),
    ...SUBGRAPHS.map(({ name, port }) => ({ name: `${name.toUpperCase()}_URL`, value: `http://${name}:${port}/graphql` })),
  ];
  return [migrations(settings), ...subgraphs, ...workload(settings, 'gateway', GATEWAY_PORT, gatewayEnv)];
}

/** A Secret of the shape the workloads read, with placeholders; never apply it as it is. */
export function exampleSecret(settings: Settings = DEFAULT_SETTINGS) {
  return new Secret({
    metadata: { name: settings.secretName, labels: { 'app.kubernetes.io/part-of': PART_OF } },
    type: 'Opaque',
    stringData: {
      DATABASE_URL: 'postgres://quickcommerce:CHANGE-ME@postgres.example.internal:5432/quickcommerce',
      REDIS_URL: 'redis://:CHANGE-ME@redis.example.internal:6379',
      NATS_URL: 'nats://nats.nats.svc.cluster.local:4222',
      GATEWAY_HMAC_SECRET: 'CHANGE-ME: openssl rand -hex 32',
      JWT_SECRET: 'CHANGE-ME: openssl rand -hex 32',
    },
  });
}
