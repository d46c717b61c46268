import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_PORTS, APPS, CONFIG_SCHEMAS, DATABASE_APPS, SUBGRAPH_APPS, type AppName } from '../src/apps';
import { envProblems } from '../src/env-check';
import { kustomize, type K8sObject } from '../src/kustomize';
import { declaredTopics } from '../src/topics';
import { schemaErrors } from '../src/validate';

const ROOT = path.resolve(__dirname, '../../..');
const OVERLAYS = ['development', 'production'] as const;
type Overlay = (typeof OVERLAYS)[number];

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; configMap?: { name: string; optional?: boolean }; secret?: { secretName: string; optional?: boolean } }[];
}
interface Workload extends K8sObject {
  spec: {
    selector?: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
}
interface PeerRule {
  from?: { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown; ipBlock?: unknown }[];
  ports?: { protocol?: string; port: string | number }[];
}
interface NetworkPolicy extends K8sObject {
  spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes?: string[]; ingress?: PeerRule[] };
}
interface Spec<T> extends K8sObject {
  spec: T;
}
interface DataObject extends K8sObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, kustomize(path.join(ROOT, 'k8s/overlays', o))])) as Record<
  Overlay,
  K8sObject[]
>;
const all = <T extends K8sObject>(o: Overlay, kind: string) => rendered[o].filter((x) => x.kind === kind) as T[];
const one = <T extends K8sObject>(o: Overlay, kind: string, name: string): T => {
  const found = rendered[o].filter((x) => x.kind === kind && x.metadata.name === name);
  expect(found.map((x) => `${x.kind}/${x.metadata.name}`)).toEqual([`${kind}/${name}`]);
  return found[0] as T;
};
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
const deployment = (o: Overlay, app: AppName) => one<Workload>(o, 'Deployment', app);
const crmWorkloads = (o: Overlay) =>
  [...all<Workload>(o, 'Deployment'), ...all<Workload>(o, 'Job')].filter((w) => w.metadata.labels?.['app.kubernetes.io/part-of'] === 'crm');

/** Secrets an operator creates in production, never committed: their keys, with values of the right shape. */
const HAND_MADE_SECRETS: Record<string, Record<string, string>> = {
  'marketing-email': { SMTP_URL: 'smtps://apikey:secret@smtp.example.com:465', TRACKING_SECRET: 'x'.repeat(48) },
  'service-csat': { CSAT_SECRET: 'y'.repeat(48) },
  'crm-mail': { SMTP_URL: 'smtps://apikey:secret@smtp.example.com:465' },
  'sales-integrations': { API_KEY_SECRET: 'z'.repeat(48), WEBHOOK_SECRET: 'w'.repeat(48) },
  // Mounted as a file, not read into the environment: the private JWK the gateway signs API tokens with.
  'gateway-api-token-key': { 'signing-key.jwk.json': '{"kty":"EC","kid":"api-tokens","d":"..."}' },
};

/**
 * The environment a container starts with, resolved from the rendered ConfigMaps and Secrets, and
 * from what CloudNativePG generates for each Cluster (`<cluster>-app`, key `uri`).
 */
function containerEnv(o: Overlay, c: Container): Record<string, string> {
  const data = (kind: string, name: string): Record<string, string> | undefined => {
    const obj: DataObject | undefined = rendered[o].find((x) => x.kind === kind && x.metadata.name === name);
    if (obj) {
      const decoded = Object.fromEntries(
        Object.entries(obj.data ?? {}).map(([k, v]) => [k, kind === 'Secret' ? Buffer.from(v, 'base64').toString() : v]),
      );
      return { ...decoded, ...obj.stringData };
    }
    // Made by hand in production (k8s/README.md): what the operator puts there, with the same keys.
    if (kind === 'Secret' && HAND_MADE_SECRETS[name] && o === 'production') return HAND_MADE_SECRETS[name];
    const cluster =
      kind === 'Secret' && name.endsWith('-app')
        ? rendered[o].find((x) => x.kind === 'Cluster' && `${x.metadata.name}-app` === name)
        : undefined;
    if (!cluster) return undefined;
    const { database, owner } = (cluster as Spec<{ bootstrap: { initdb: { database: string; owner: string } } }>).spec.bootstrap.initdb;
    return {
      uri: `postgresql://${owner}:generated@${cluster.metadata.name}-rw.${cluster.metadata.namespace}:5432/${database}`,
      username: owner,
    };
  };
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef!;
    const values = data(from.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    if (!values && !ref.optional) throw new Error(`${c.name}: envFrom ${ref.name} does not exist`);
    Object.assign(env, values);
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!ref) {
      env[e.name] = e.value ?? '';
      continue;
    }
    const value = data(e.valueFrom!.configMapKeyRef ? 'ConfigMap' : 'Secret', ref.name)?.[ref.key];
    if (value === undefined && !ref.optional)
      throw new Error(`${c.name}: ${e.name} refers to ${ref.name}/${ref.key}, which does not exist`);
    if (value !== undefined) env[e.name] = value;
  }
  return env;
}

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  const objects = rendered[overlay];
  const namespace = overlay === 'production' ? 'crm' : 'crm-dev';

  it('renders, every object valid against the Kubernetes, Strimzi and CloudNativePG schemas', () => {
    expect(objects.length).toBeGreaterThan(50);
    expect(schemaErrors(objects).filter((r) => r.errors.length)).toEqual([]);
  });

  it('puts everything in its namespace, which enforces a Pod Security Standard', () => {
    const ns = one(overlay, 'Namespace', namespace);
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe(overlay === 'production' ? 'restricted' : 'baseline');
    for (const o of objects.filter((x) => x.kind !== 'Namespace'))
      expect([o.kind, o.metadata.name, o.metadata.namespace]).toEqual([o.kind, o.metadata.name, namespace]);
  });

  it.each(APPS)('%s: a Deployment probed on its health endpoints, with a Service, an HPA, a PDB and its own ServiceAccount', (app) => {
    const d = deployment(overlay, app);
    const pod = d.spec.template;
    expect(selects(d.spec.selector!.matchLabels, pod.metadata.labels)).toBe(true);
    const c = pod.spec.containers.find((x) => x.name === app)!;
    expect(c.image).toMatch(new RegExp(`(^|/)crm/${app}:(?!latest$)[\\w.-]+$`));
    if (overlay === 'production') expect(c.image.startsWith('registry.example.com/')).toBe(true);
    // Every app serves /metrics on a port of its own (see 'opens its metrics port to the scraper only').
    expect(c.ports).toEqual([
      { name: 'http', containerPort: APP_PORTS[app] },
      { name: 'metrics', containerPort: 9464 },
    ]);
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });

    const service = one<Spec<{ selector: Record<string, string>; ports: { port: number; targetPort: string }[] }>>(overlay, 'Service', app);
    expect(selects(service.spec.selector, pod.metadata.labels)).toBe(true);
    expect(service.spec.ports).toEqual([
      { name: 'http', port: APP_PORTS[app], targetPort: 'http' },
      { name: 'metrics', port: 9464, targetPort: 'metrics' },
    ]);

    const hpa = one<Spec<{ scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number }>>(
      overlay,
      'HorizontalPodAutoscaler',
      app,
    );
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: app });
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    if (overlay === 'production') expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(d.spec).not.toHaveProperty('replicas'); // the HPA's to set

    const pdb = one<Spec<{ selector: { matchLabels: Record<string, string> } }>>(overlay, 'PodDisruptionBudget', app);
    expect(selects(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    expect(pod.spec.serviceAccountName).toBe(one(overlay, 'ServiceAccount', app).metadata.name);
  });

  it('runs every CRM container non-root, without privilege escalation or capabilities, on a read-only root file system, with requests and limits', () => {
    const workloads = crmWorkloads(overlay);
    // Every app, each subgraph's migration Job, and the console's static pages.
    expect(workloads).toHaveLength(APPS.length + DATABASE_APPS.length + 1);
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      expect([w.metadata.name, pod.securityContext]).toEqual([
        w.metadata.name,
        expect.objectContaining({ runAsNonRoot: true, runAsUser: expect.any(Number), seccompProfile: { type: 'RuntimeDefault' } }),
      ]);
      expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        const at = `${w.kind}/${w.metadata.name}/${c.name}`;
        expect([at, c.securityContext]).toEqual([
          at,
          { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        ]);
        for (const kind of ['requests', 'limits'] as const)
          expect([at, kind, Object.keys(c.resources?.[kind] ?? {}).sort()]).toEqual([at, kind, ['cpu', 'memory']]);
      }
    }
  });

  it.each(DATABASE_APPS)('%s: one migration Job with the same image and database, and pods that wait for it', (app) => {
    const jobs = all<Workload>(overlay, 'Job').filter((j) => j.metadata.labels?.['app.kubernetes.io/name'] === app);
    expect(jobs.map((j) => [j.metadata.name, j.metadata.labels?.['app.kubernetes.io/component']])).toEqual([
      [`${app}-migrate`, 'migration'],
    ]);
    const job = jobs[0]!;
    const [migrate] = job.spec.template.spec.containers;
    const d = deployment(overlay, app);
    const main = d.spec.template.spec.containers.find((c) => c.name === app)!;
    expect(migrate!.args).toEqual(['node', 'dist/main.js', 'migrate']);
    expect(migrate!.image).toBe(main.image);
    expect(containerEnv(overlay, migrate!).DATABASE_URL).toBe(containerEnv(overlay, main).DATABASE_URL);
    // The new pods start only once the Job has applied this image's migrations.
    const [wait] = d.spec.template.spec.initContainers ?? [];
    expect(wait).toMatchObject({ image: main.image, args: ['node', 'dist/main.js', 'migrate', '--check'] });
    expect(containerEnv(overlay, wait!).DATABASE_URL).toBe(containerEnv(overlay, main).DATABASE_URL);
    expect((job.spec as unknown as { backoffLimit: number }).backoffLimit).toBeGreaterThan(0);
    expect(job.metadata.annotations?.['argocd.argoproj.io/hook']).toBe('PreSync');
    expect((job.spec.template.spec as PodSpec & { restartPolicy: string }).restartPolicy).toBe('Never');
  });

  it('gives every app that sends mail a relay, and points its links at the ingress host, not the pod', () => {
    const host = one<Spec<{ rules: { host: string }[] }>>(overlay, 'Ingress', 'crm').spec.rules[0]!.host;
    for (const app of ['marketing', 'service', 'analytics'] as const) {
      const env = containerEnv(overlay, deployment(overlay, app).spec.template.spec.containers[0]!);
      expect([app, env.SMTP_URL]).toEqual([app, expect.stringMatching(/^smtps?:\/\//)]);
      expect([app, new URL(env.PUBLIC_URL ?? 'http://127.0.0.1').host]).toEqual([app, host]);
    }
  });

  it('has no migration Job for the gateway, which has no database', () => {
    expect(all<Workload>(overlay, 'Job').map((j) => j.metadata.name)).toEqual(DATABASE_APPS.map((a) => `${a}-migrate`));
  });

  it.each(APPS)("%s: every container's environment passes the app's config validation", (app) => {
    const workloads = crmWorkloads(overlay).filter((w) => w.metadata.labels?.['app.kubernetes.io/name'] === app);
    for (const w of workloads) {
      for (const c of [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers]) {
        expect([`${w.kind}/${w.metadata.name}/${c.name}`, envProblems(CONFIG_SCHEMAS[app], containerEnv(overlay, c))]).toEqual([
          `${w.kind}/${w.metadata.name}/${c.name}`,
          [],
        ]);
      }
    }
    if (app !== 'gateway')
      expect(containerEnv(overlay, deployment(overlay, app).spec.template.spec.containers[0]!).PORT).toBe(String(APP_PORTS[app]));
  });

  it('points the gateway at every subgraph through its Service', () => {
    const env = containerEnv(overlay, deployment(overlay, 'gateway').spec.template.spec.containers[0]!);
    for (const app of SUBGRAPH_APPS)
      expect(env[`${app.toUpperCase()}_URL`]).toBe(`http://${one(overlay, 'Service', app).metadata.name}:${APP_PORTS[app]}/graphql`);
  });

  it('mounts every ConfigMap and Secret a pod refers to (the development JWKS Secret is created by hand)', () => {
    for (const w of crmWorkloads(overlay)) {
      for (const v of w.spec.template.spec.volumes ?? []) {
        if (v.configMap) expect(objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap!.name)).toBe(true);
        if (v.secret && !v.secret.optional)
          expect(
            objects.some((o) => o.kind === 'Secret' && o.metadata.name === v.secret!.secretName) ||
              (overlay === 'production' && v.secret.secretName in HAND_MADE_SECRETS),
          ).toBe(true);
      }
    }
  });

  // Besides the gateway, sales admits the services that check the customers their writes name (docs/references.md).
  const CALLERS: Record<string, string[]> = { sales: ['marketing', 'service', 'partners'] };

  it('lets only the gateway reach the subgraphs, and sales the services that check customers with it', () => {
    const policies = all<NetworkPolicy>(overlay, 'NetworkPolicy');
    const gatewayPod = deployment(overlay, 'gateway').spec.template.metadata.labels;
    for (const app of SUBGRAPH_APPS) {
      const callers = CALLERS[app] ?? [];
      const pod = deployment(overlay, app).spec.template.metadata.labels;
      const applying = policies.filter((p) => selects(p.spec.podSelector.matchLabels, pod));
      expect(applying.some((p) => p.spec.policyTypes?.includes('Ingress'))).toBe(true);
      // The metrics port's rule is the scraper's (checked below); the others say who may call it.
      const rules = applying.flatMap((p) => p.spec.ingress ?? []).filter((r) => !r.ports?.every((p) => p.port === 'metrics'));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) {
        // A rule without `from` admits everyone; each peer must be a pod selector that matches exactly one allowed app.
        expect(rule.from?.length).toBeGreaterThan(0);
        for (const peer of rule.from!) {
          expect(peer.namespaceSelector ?? peer.ipBlock).toBeUndefined();
          expect(peer.podSelector?.matchLabels).not.toEqual({});
          const admitted = APPS.filter((other) =>
            selects(peer.podSelector?.matchLabels, deployment(overlay, other).spec.template.metadata.labels),
          );
          expect(admitted).toHaveLength(1);
          expect(['gateway', ...callers]).toContain(admitted[0]);
        }
      }
      const admitted = rules.flatMap((r) => r.from!).filter((p) => selects(p.podSelector?.matchLabels, gatewayPod));
      expect(admitted.length).toBeGreaterThan(0);
    }
  });

  it.each(APPS)('%s: opens its metrics port to the scraper only, where METRICS_PORT says and Prometheus looks', (app) => {
    const d = deployment(overlay, app);
    const pod = d.spec.template;
    const env = containerEnv(overlay, pod.spec.containers[0]!);
    expect(env.METRICS_PORT).toBe('9464');
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9464' });
    const rules = all<NetworkPolicy>(overlay, 'NetworkPolicy')
      .filter((p) => selects(p.spec.podSelector.matchLabels, pod.metadata.labels))
      .flatMap((p) => p.spec.ingress ?? []);
    const toMetrics = rules.filter((r) => !r.ports || r.ports.some((p) => p.port === 'metrics' || p.port === 9464));
    expect(toMetrics.length).toBeGreaterThan(0);
    // Every rule admitting the metrics port names its peers; none is open to all.
    for (const rule of toMetrics) {
      expect(rule.from?.length).toBeGreaterThan(0);
      for (const peer of rule.from!) expect(peer.podSelector?.matchLabels).toMatchObject({ 'app.kubernetes.io/name': 'prometheus' });
    }
  });

  it('serves the committed supergraphs from a ConfigMap mounted as a folder, so the gateway sees updates', () => {
    const d = deployment(overlay, 'gateway');
    const c = d.spec.template.spec.containers[0]!;
    const env = containerEnv(overlay, c);
    const volume = d.spec.template.spec.volumes!.find((v) => v.configMap?.name === 'gateway-supergraph')!;
    const mount = c.volumeMounts!.find((m) => m.name === volume.name)!;
    expect(mount.subPath).toBeUndefined(); // a subPath mount is never updated
    const cm = one<DataObject>(overlay, 'ConfigMap', 'gateway-supergraph');
    for (const [variable, file] of [
      ['SUPERGRAPH_FILE', 'supergraph.graphql'],
      ['PARTNER_SUPERGRAPH_FILE', 'partner-supergraph.graphql'],
      ['PORTAL_SUPERGRAPH_FILE', 'portal-supergraph.graphql'],
    ] as const) {
      expect(env[variable]).toBe(`${mount.mountPath}/${file}`);
      expect(cm.data?.[file]).toBe(fs.readFileSync(path.join(ROOT, 'apps/gateway', file), 'utf8'));
    }
    expect(Number(env.SUPERGRAPH_POLL_MS)).toBeGreaterThan(0);
  });

  if (overlay === 'production') {
    it('runs Kafka through Strimzi in KRaft mode, and has a KafkaTopic for every topic a service declares', () => {
      const [kafka] = all<Spec<{ kafka: { config: Record<string, unknown>; listeners: { name: string; port: number; tls: boolean }[] } }>>(
        overlay,
        'Kafka',
      );
      expect(all(overlay, 'Kafka')).toHaveLength(1);
      expect(kafka!.spec.kafka.config['auto.create.topics.enable']).toBe(false);
      const pools = all<Spec<{ roles: string[]; replicas: number }>>(overlay, 'KafkaNodePool').filter(
        (p) => p.metadata.labels?.['strimzi.io/cluster'] === kafka!.metadata.name,
      );
      expect(new Set(pools.flatMap((p) => p.spec.roles))).toEqual(new Set(['controller', 'broker']));
      const plain = kafka!.spec.kafka.listeners.find((l) => !l.tls)!;
      expect(one<DataObject>(overlay, 'ConfigMap', 'crm-kafka').data?.KAFKA_BROKERS).toBe(
        `${kafka!.metadata.name}-kafka-bootstrap:${plain.port}`,
      );

      const topics = all<Spec<{ topicName?: string; partitions: number; replicas: number; config?: Record<string, unknown> }>>(
        overlay,
        'KafkaTopic',
      );
      for (const t of topics) expect(t.metadata.labels?.['strimzi.io/cluster']).toBe(kafka!.metadata.name);
      const byName = new Map(topics.map((t) => [t.spec.topicName ?? t.metadata.name, t]));
      const declared = [...declaredTopics().values()];
      expect(declared.length).toBeGreaterThan(0);
      for (const d of declared) {
        const t = byName.get(d.name);
        expect([d.name, t ? 'KafkaTopic' : 'missing']).toEqual([d.name, 'KafkaTopic']);
        expect(t!.spec.partitions).toBeGreaterThanOrEqual(d.partitions);
        expect(t!.spec.config?.['retention.ms']).toBe(d.retentionMs ?? -1);
      }
      expect([...byName.keys()].sort()).toEqual(declared.map((d) => d.name).sort());
    });

    it('runs one CloudNativePG cluster per service, whose generated Secret the service reads', () => {
      const clusters = all<
        Spec<{ instances: number; storage?: { size: string }; bootstrap: { initdb: { database: string; owner: string } } }>
      >(overlay, 'Cluster');
      expect(clusters.map((c) => c.spec.bootstrap.initdb.database).sort()).toEqual([...DATABASE_APPS].sort());
      for (const c of clusters) {
        const app = c.spec.bootstrap.initdb.database as AppName;
        expect(c.spec.bootstrap.initdb.owner).toBe(app);
        expect(c.spec.instances).toBeGreaterThanOrEqual(2);
        expect(c.spec.storage?.size).toBeDefined();
        const ref = deployment(overlay, app).spec.template.spec.containers[0]!.env!.find((e) => e.name === 'DATABASE_URL')!.valueFrom!
          .secretKeyRef;
        expect(ref).toEqual({ name: `${c.metadata.name}-app`, key: 'uri' });
      }
      expect(containerEnv(overlay, deployment(overlay, 'gateway').spec.template.spec.containers[0]!).AUTH_JWKS_URL).toMatch(/^https:\/\//);
    });

    it('turns POST /auth/token on: the gateway signs API tokens with a key file mounted from the hand-made Secret', () => {
      const pod = deployment(overlay, 'gateway').spec.template.spec;
      const c = pod.containers[0]!;
      const file = containerEnv(overlay, c).API_TOKEN_SIGNING_KEY_FILE!;
      expect(file).toMatch(/^\//);
      const mount = c.volumeMounts!.find((m) => file.startsWith(`${m.mountPath}/`))!;
      expect(mount).toMatchObject({ readOnly: true });
      expect(mount.subPath).toBeUndefined();
      const volume = pod.volumes!.find((v) => v.name === mount.name)!;
      // Not optional: without the key the route would be off, silently.
      expect(volume.secret).toEqual({ secretName: 'gateway-api-token-key' });
      expect(Object.keys(HAND_MADE_SECRETS['gateway-api-token-key']!)).toEqual([file.slice(mount.mountPath.length + 1)]);
      // Its public half is published by the identity provider, which every app that verifies tokens reads.
      for (const app of [...SUBGRAPH_APPS, 'gateway'] as const)
        expect(containerEnv(overlay, deployment(overlay, app).spec.template.spec.containers[0]!).AUTH_JWKS_URL).toMatch(/^https:\/\//);
    });
  } else {
    it('runs a single Kafka and Postgres in the namespace, with the same init script as docker-compose', () => {
      expect(objects.filter((o) => ['Kafka', 'KafkaTopic', 'Cluster'].includes(o.kind))).toEqual([]);
      expect(one<DataObject>(overlay, 'ConfigMap', 'postgres-init').data?.['init.sql']).toBe(
        fs.readFileSync(path.join(ROOT, 'infra/docker/postgres-init.sql'), 'utf8'),
      );
      for (const app of DATABASE_APPS) {
        const url = new URL(containerEnv(overlay, deployment(overlay, app).spec.template.spec.containers[0]!).DATABASE_URL!);
        expect([url.hostname, url.username, url.pathname]).toEqual([one(overlay, 'Service', 'postgres').metadata.name, app, `/${app}`]);
      }
      expect(one<DataObject>(overlay, 'ConfigMap', 'crm-kafka').data?.KAFKA_BROKERS).toBe('kafka:9092');
    });
  }
});
