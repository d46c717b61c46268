/* eslint-disable @nx/enforce-module-boundaries --
 * The deploy checks read the gateway's own path list and page policy instead of copying them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { consolePolicy } from '../../../apps/gateway/src/console-static';
import { INTERNAL_GATEWAY_PATHS, PUBLIC_GATEWAY_PATHS, PUBLIC_GATEWAY_PREFIXES } from '../../../apps/gateway/src/public-paths';
import { kustomize, type K8sObject } from '../src/kustomize';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const dockerfile = read('apps/console/Dockerfile').replace(/\\\n/g, ' ');
const instructions = dockerfile
  .split('\n')
  .map((l) => l.replace(/\s+/g, ' ').trim())
  .filter((l) => l && !l.startsWith('#'));
const template = read('apps/console/nginx.conf.template');

interface Backend {
  service: { name: string; port: { name: string } };
}
interface Ingress extends K8sObject {
  spec: {
    tls?: { hosts: string[]; secretName: string }[];
    rules: { host: string; http: { paths: { path: string; pathType: string; backend: Backend }[] } }[];
  };
}
interface Container {
  name: string;
  image: string;
  ports: { name: string; containerPort: number }[];
  env?: { name: string; valueFrom?: { configMapKeyRef?: { name: string; key: string } } }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Deployment extends K8sObject {
  spec: { template: { spec: { containers: Container[]; volumes?: { name: string; emptyDir?: object }[] } } };
}
interface ConfigMap extends K8sObject {
  data: Record<string, string>;
}

/** nginx's own substitution at start: `${NAME}` of the variables set, nothing else. */
const rendered = (env: Record<string, string>) => template.replace(/\$\{(\w+)\}/g, (m, name: string) => env[name] ?? m);

describe('the console image (apps/console/Dockerfile)', () => {
  it('builds the app with Node and serves only its files from an unprivileged nginx', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NGINX_IMAGE}']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24(-alpine)?$/m);
    expect(dockerfile).toMatch(/^ARG NGINX_IMAGE=nginxinc\/nginx-unprivileged:[\d.]+-alpine$/m);
    expect(dockerfile).toContain('npm run console:build');
    const runtime = instructions.slice(instructions.indexOf('FROM ${NGINX_IMAGE}'));
    expect(runtime.filter((l) => l.startsWith('COPY'))).toEqual([
      'COPY apps/console/nginx.conf.template /etc/nginx/templates/default.conf.template',
      'COPY --from=build --chown=root:root /repo/apps/console/dist/ /usr/share/nginx/html/',
    ]);
    expect(runtime.find((l) => l.startsWith('USER '))).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
  });

  it('listens where it says, answers its health check, and sends the gateway’s page policy', () => {
    const port = /^EXPOSE (\d+)$/m.exec(dockerfile)![1]!;
    expect(template).toMatch(new RegExp(`^\\s*listen ${port};$`, 'm'));
    expect(dockerfile).toContain(`http://127.0.0.1:${port}/healthz`);
    expect(template).toMatch(/location = \/healthz \{[^}]*return 200/);
    const connectSrc = /^ENV CONSOLE_CONNECT_SRC="(.*)"$/m.exec(dockerfile)![1]!;
    const page = rendered({ CONSOLE_CONNECT_SRC: connectSrc });
    const policies = [...page.matchAll(/add_header Content-Security-Policy "([^"]+)" always;/g)].map((m) => m[1]);
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p).toBe(consolePolicy("'self'"));
    // nginx's own variables ($uri) are left to nginx: the only placeholder is the configured one.
    expect([...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])).toEqual(policies.map(() => 'CONSOLE_CONNECT_SRC'));
  });

  it('caches hashed bundles for good and answers every app route with index.html, never cached', () => {
    expect(template).toMatch(/location \/assets\/ \{[^}]*immutable[^}]*try_files \$uri =404;/);
    expect(template).toMatch(/location \/ \{[^{}]*?Cache-Control no-cache[\s\S]*?try_files \/index\.html =404;\s*\}/);
  });
});

describe.each(['development', 'production'] as const)('k8s/overlays/%s: the console and the Ingress', (overlay) => {
  const objects = kustomize(path.join(ROOT, 'k8s/overlays', overlay));
  const find = <T extends K8sObject>(kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as T;
  const ingress = find<Ingress>('Ingress', 'crm');
  const paths = ingress.spec.rules.flatMap((r) => r.http.paths);

  it("sends exactly the gateway's public paths to the gateway, and every other path to the console", () => {
    const toGateway = paths.filter((p) => p.backend.service.name === 'gateway');
    const exact = toGateway.filter((p) => p.pathType === 'Exact').map((p) => p.path);
    const prefixes = toGateway.filter((p) => p.pathType === 'Prefix').map((p) => p.path);
    expect(exact.sort()).toEqual([...PUBLIC_GATEWAY_PATHS].sort());
    expect(prefixes.sort()).toEqual([...PUBLIC_GATEWAY_PREFIXES].sort());
    expect(PUBLIC_GATEWAY_PREFIXES).toContain('/forms');
    for (const p of toGateway) expect([p.path, p.backend.service.port.name]).toEqual([p.path, 'http']);
    for (const internal of INTERNAL_GATEWAY_PATHS) expect(paths.some((p) => p.path.startsWith(internal))).toBe(false);
    const rest = paths.filter((p) => p.backend.service.name !== 'gateway');
    expect(rest.map((p) => [p.path, p.pathType, p.backend.service.name, p.backend.service.port.name])).toEqual([
      ['/', 'Prefix', 'console', 'http'],
    ]);
    const services = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
    expect(services).toEqual(expect.arrayContaining(['gateway', 'console']));
    if (overlay === 'production') expect(ingress.spec.tls).toEqual([{ hosts: [ingress.spec.rules[0]!.host], secretName: 'crm-tls' }]);
  });

  it("runs the console's image on the image's port, probed on its health check, with nginx's writable folders", () => {
    const d = find<Deployment>('Deployment', 'console');
    const c = d.spec.template.spec.containers[0]!;
    expect(c.image).toMatch(overlay === 'production' ? /^registry\.example\.com\/crm\/console:[\w.-]+$/ : /^crm\/console:dev$/);
    const port = Number(/^EXPOSE (\d+)$/m.exec(dockerfile)![1]);
    expect(c.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    const emptyDirs = new Set((d.spec.template.spec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
    const writable = (c.volumeMounts ?? []).filter((m) => emptyDirs.has(m.name)).map((m) => m.mountPath);
    expect(writable.sort()).toEqual(['/etc/nginx/conf.d', '/tmp']);
  });

  it("lets the page reach the identity provider the gateway's sign-in names, and nothing else", () => {
    const d = find<Deployment>('Deployment', 'console');
    const ref = d.spec.template.spec.containers[0]!.env!.find((e) => e.name === 'CONSOLE_CONNECT_SRC')!.valueFrom!.configMapKeyRef!;
    const connectSrc = find<ConfigMap>('ConfigMap', ref.name).data[ref.key]!;
    const issuer = find<ConfigMap>('ConfigMap', 'gateway-config').data.OIDC_ISSUER_URL;
    expect(connectSrc).toBe(issuer ? `'self' ${new URL(issuer).origin}` : "'self'");
    if (overlay === 'production') expect(issuer).toMatch(/^https:\/\//);
  });
});
