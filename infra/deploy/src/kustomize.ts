import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The subset of kustomize that k8s/ uses, rendered in-process so tests run where no kustomize or
 * kubectl binary is installed (no maintained npm package renders kustomize without downloading
 * the Go binary). Anything outside the subset is refused, not approximated, so a manifest that
 * renders here renders the same with `kubectl kustomize`:
 *   resources (files and directories), namespace, images, patches (strategic-merge or JSON 6902,
 *   from a file or inline, with an optional target), configMapGenerator (files and literals,
 *   with disableNameSuffixHash, because the gateway reloads its supergraph from a stable name).
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Target {
  kind?: string;
  name?: string;
  group?: string;
  version?: string;
  labelSelector?: string;
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path?: string; patch?: string; target?: Target }[];
  configMapGenerator?: {
    name: string;
    files?: string[];
    literals?: string[];
    options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> };
  }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches', 'configMapGenerator']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
]);

export class KustomizeError extends Error {}

/** Renders the kustomization in `dir` (the folder holding kustomization.yaml). */
export function kustomize(dir: string): K8sObject[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const k = parseYaml(file)[0] as Kustomization;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length) throw new KustomizeError(`${file}: unsupported field(s) ${unsupported.join(', ')}`);

  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const target = resolveInside(dir, entry, file);
    objects.push(...(fs.statSync(target).isDirectory() ? kustomize(target) : (parseYaml(target) as K8sObject[])));
  }
  for (const gen of k.configMapGenerator ?? []) objects.push(configMap(dir, file, gen));
  for (const o of objects) checkObject(o, file);

  for (const p of k.patches ?? []) objects = applyPatch(objects, dir, file, p);
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const image of k.images ?? []) setImage(objects, image);

  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new KustomizeError(`${file}: ${id} is defined more than once`);
    seen.add(id);
  }
  return objects;
}

function parseYaml(file: string): unknown[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new KustomizeError(`${file}: ${d.errors[0]!.message}`);
      return d.toJS() as unknown;
    })
    .filter((d) => d !== null && d !== undefined);
}

/** kustomize's default load restrictor: nothing outside the kustomization's own folder tree... */
function resolveInside(dir: string, entry: string, file: string): string {
  if (/^[a-z]+:\/\//.test(entry)) throw new KustomizeError(`${file}: remote resource ${entry} is not supported`);
  const target = path.resolve(dir, entry);
  if (!fs.existsSync(target)) throw new KustomizeError(`${file}: ${entry} does not exist`);
  return target;
}

/** ...except that resources may be other kustomizations anywhere; files loaded as data may not leave it. */
function dataFileInside(dir: string, entry: string, file: string): string {
  const target = path.resolve(dir, entry);
  const rel = path.relative(dir, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new KustomizeError(`${file}: ${entry} is outside ${dir} (load restrictor)`);
  if (!fs.existsSync(target)) throw new KustomizeError(`${file}: ${entry} does not exist`);
  return target;
}

function checkObject(o: K8sObject, file: string): void {
  if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind || !o.metadata?.name) {
    throw new KustomizeError(`${file}: every resource needs apiVersion, kind and metadata.name`);
  }
}

function configMap(dir: string, file: string, gen: NonNullable<Kustomization['configMapGenerator']>[number]): K8sObject {
  if (!gen.options?.disableNameSuffixHash) {
    throw new KustomizeError(`${file}: configMapGenerator ${gen.name} without disableNameSuffixHash is not supported`);
  }
  const data: Record<string, string> = {};
  for (const f of gen.files ?? []) {
    const [key, source] = f.includes('=') ? (f.split('=', 2) as [string, string]) : [path.basename(f), f];
    data[key] = fs.readFileSync(dataFileInside(dir, source, file), 'utf8');
  }
  for (const literal of gen.literals ?? []) {
    const i = literal.indexOf('=');
    data[literal.slice(0, i)] = literal.slice(i + 1);
  }
  const metadata: K8sObject['metadata'] = { name: gen.name };
  if (gen.options.labels) metadata.labels = { ...gen.options.labels };
  if (gen.options.annotations) metadata.annotations = { ...gen.options.annotations };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

function matches(o: K8sObject, t: Target): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  if (t.kind && !new RegExp(`^(?:${t.kind})$`).test(o.kind)) return false;
  if (t.name && !new RegExp(`^(?:${t.name})$`).test(o.metadata.name)) return false;
  if (t.group !== undefined && t.group !== group) return false;
  if (t.version && t.version !== version) return false;
  if (t.labelSelector) {
    for (const term of t.labelSelector.split(',')) {
      const [key, value] = term.split('=').map((s) => s.trim()) as [string, string | undefined];
      if (o.metadata.labels?.[key] === undefined || (value !== undefined && o.metadata.labels[key] !== value)) return false;
    }
  }
  return true;
}

function applyPatch(objects: K8sObject[], dir: string, file: string, p: NonNullable<Kustomization['patches']>[number]): K8sObject[] {
  const source = p.path ? fs.readFileSync(dataFileInside(dir, p.path, file), 'utf8') : p.patch;
  if (!source) throw new KustomizeError(`${file}: a patch needs path or patch`);
  const docs = parseAllDocuments(source).map((d) => d.toJS() as unknown);
  const where = p.path ?? 'inline patch';
  if (docs.length === 1 && Array.isArray(docs[0])) {
    if (!p.target) throw new KustomizeError(`${file}: JSON 6902 patch ${where} needs a target`);
    const targets = objects.filter((o) => matches(o, p.target!));
    if (!targets.length) throw new KustomizeError(`${file}: ${where} matches no resource`);
    return objects.map((o) => (targets.includes(o) ? (jsonPatch(o, docs[0] as JsonOp[], where) as K8sObject) : o));
  }
  for (const doc of docs as K8sObject[]) {
    const target: Target = p.target ?? { kind: doc.kind, name: doc.metadata?.name };
    const targets = objects.filter((o) => matches(o, target));
    if (!targets.length) throw new KustomizeError(`${file}: ${where} matches no resource`);
    objects = objects.map((o) => {
      if (!targets.includes(o)) return o;
      const { metadata, apiVersion: _a, kind: _k, ...rest } = doc;
      const patch = p.target ? { ...rest, metadata: { ...metadata, name: undefined } } : { ...rest, metadata };
      return strategicMerge(o, patch) as K8sObject;
    });
  }
  return objects;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Strategic merge, as far as k8s/ uses it: maps merge, null deletes, lists of named items merge by name. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (Array.isArray(patch)) {
    if (!Array.isArray(base) || !patch.every(isNamed) || !base.every(isNamed)) return structuredClone(patch);
    const merged = base.map((item) => {
      const change = patch.find((p) => p.name === item.name);
      return change ? strategicMerge(item, change) : structuredClone(item);
    });
    return [...merged, ...patch.filter((p) => !base.some((b) => b.name === p.name)).map((p) => structuredClone(p))];
  }
  if (isMap(patch)) {
    const out: Record<string, unknown> = isMap(base) ? structuredClone(base) : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null) delete out[key];
      else out[key] = strategicMerge(out[key], value);
    }
    return out;
  }
  return patch;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNamed = (v: unknown): v is { name: string } => isMap(v) && typeof v.name === 'string';

interface JsonOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: Json;
}

/** JSON Patch (RFC 6902) add, replace, remove and test. */
export function jsonPatch(doc: unknown, ops: JsonOp[], where = 'patch'): unknown {
  const out = structuredClone(doc);
  for (const op of ops) {
    const parts = op.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    if (last === undefined) throw new KustomizeError(`${where}: cannot ${op.op} the whole document`);
    let parent = out as Record<string, unknown> | unknown[];
    for (const part of parts) {
      const next = (parent as Record<string, unknown>)[part];
      if (typeof next !== 'object' || next === null) throw new KustomizeError(`${where}: ${op.path} does not exist`);
      parent = next as Record<string, unknown>;
    }
    const exists = Array.isArray(parent) ? last === '-' || Number(last) < parent.length : last in parent;
    if (op.op === 'test') {
      if (JSON.stringify((parent as Record<string, unknown>)[last]) !== JSON.stringify(op.value)) {
        throw new KustomizeError(`${where}: test ${op.path} failed`);
      }
    } else if (op.op === 'remove' || op.op === 'replace') {
      if (!exists) throw new KustomizeError(`${where}: ${op.path} does not exist`);
      if (op.op === 'remove') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else (parent as Record<string, unknown>)[last] = structuredClone(op.value);
    } else if (op.op === 'add') {
      if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, structuredClone(op.value));
      else parent[last] = structuredClone(op.value);
    } else throw new KustomizeError(`${where}: unsupported op ${String((op as { op: string }).op)}`);
  }
  return out;
}

function setImage(objects: K8sObject[], image: NonNullable<Kustomization['images']>[number]): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isMap(node)) return;
    for (const key of ['containers', 'initContainers']) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      for (const c of list as { image?: string }[]) {
        if (!c.image) continue;
        const name = c.image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
        if (name !== image.name) continue;
        const tag = image.digest ? `@${image.digest}` : image.newTag ? `:${image.newTag}` : c.image.slice(name.length);
        c.image = `${image.newName ?? name}${tag}`;
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(objects);
}
