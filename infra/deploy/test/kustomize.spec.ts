import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonPatch, kustomize, KustomizeError, strategicMerge } from '../src/kustomize';

describe('kustomize (the subset k8s/ uses)', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  template:
    spec:
      containers:
        - { name: web, image: crm/web:dev, env: [{ name: A, value: '1' }] }
        - { name: sidecar, image: proxy:1 }
`;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
    write('base/deployment.yaml', deployment);
    write('base/kustomization.yaml', 'resources: [deployment.yaml]\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('layers an overlay on a base: namespace, images, strategic-merge and JSON 6902 patches, generated ConfigMaps', () => {
    write(
      'overlay/smp.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - { name: web, env: [{ name: B, value: '2' }] }
`,
    );
    write('overlay/json.yaml', '- { op: add, path: /spec/replicas, value: 3 }\n- { op: remove, path: /metadata/labels/app }\n');
    write('overlay/files/greeting.txt', 'hello\n');
    write(
      'overlay/kustomization.yaml',
      `namespace: prod
resources: [../base]
patches:
  - path: smp.yaml
  - path: json.yaml
    target: { kind: Deployment, name: web }
images:
  - { name: crm/web, newName: registry.example.com/crm/web, newTag: '1.2.3' }
configMapGenerator:
  - name: greeting
    files: [files/greeting.txt]
    literals: [LANG=en]
    options: { disableNameSuffixHash: true }
`,
    );
    const [web, greeting] = kustomize(path.join(dir, 'overlay'));
    expect(web).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod', labels: {} },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                image: 'registry.example.com/crm/web:1.2.3',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
              },
              { name: 'sidecar', image: 'proxy:1' },
            ],
          },
        },
      },
    });
    expect(greeting).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'greeting', namespace: 'prod' },
      data: { 'greeting.txt': 'hello\n', LANG: 'en' },
    });
  });

  it('refuses what it does not implement rather than render it differently from kustomize', () => {
    write('a/kustomization.yaml', 'resources: [../base]\nnamePrefix: x-\n');
    expect(() => kustomize(path.join(dir, 'a'))).toThrow(/unsupported field\(s\) namePrefix/);
    write('b/kustomization.yaml', 'resources: [../base]\nconfigMapGenerator: [{ name: c, literals: [A=1] }]\n');
    expect(() => kustomize(path.join(dir, 'b'))).toThrow(/without disableNameSuffixHash/);
    write(
      'c/kustomization.yaml',
      'resources: [../base]\nconfigMapGenerator: [{ name: c, files: [../base/deployment.yaml], options: { disableNameSuffixHash: true } }]\n',
    );
    expect(() => kustomize(path.join(dir, 'c'))).toThrow(/outside .* \(load restrictor\)/);
    write('d/kustomization.yaml', 'resources: [../base, ../base/deployment.yaml]\n');
    expect(() => kustomize(path.join(dir, 'd'))).toThrow(/defined more than once/);
    write(
      'e/kustomization.yaml',
      'resources: [../base]\npatches: [{ patch: "- { op: remove, path: /spec/nothing }", target: { kind: Deployment } }]\n',
    );
    expect(() => kustomize(path.join(dir, 'e'))).toThrow(KustomizeError);
    write(
      'f/kustomization.yaml',
      'resources: [../base]\npatches: [{ patch: "{ apiVersion: v1, kind: Service, metadata: { name: web } }" }]\n',
    );
    expect(() => kustomize(path.join(dir, 'f'))).toThrow(/matches no resource/);
  });

  it('merges strategically: maps deep, null deletes, named lists by name, other lists replaced', () => {
    expect(strategicMerge({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [3] })).toEqual({ a: { b: 1, d: 3 }, l: [3] });
    expect(jsonPatch({ l: [1, 3] }, [{ op: 'add', path: '/l/1', value: 2 }])).toEqual({ l: [1, 2, 3] });
  });
});
