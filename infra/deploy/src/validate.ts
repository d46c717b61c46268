import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { K8sObject } from './kustomize';

/** Schema errors per object (`apiVersion/kind/name`), from validate-objects.mjs run by Node itself. */
export function schemaErrors(objects: K8sObject[]): { id: string; errors: string[] }[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as { id: string; errors: string[] }[];
}
