// Validates Kubernetes objects against the Kubernetes OpenAPI schemas (kubernetes-models) and the
// Strimzi and CloudNativePG CRD schemas (@kubernetes-models/strimzi-kafka-operator, cloudnative-pg).
// Those packages are ES modules only, which Jest on Node 20 cannot load, so the specs run this file
// with Node itself: objects as JSON on stdin, [{ id, errors }] as JSON on stdout.
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as batch from 'kubernetes-models/batch/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as policy from 'kubernetes-models/policy/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as strimzi from '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1';
import * as cnpg from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';

const models = new Map();
for (const ns of [core, apps, batch, autoscaling, policy, networking, strimzi, cnpg]) {
  for (const model of Object.values(ns)) {
    if (typeof model === 'function' && model.apiVersion && model.kind) models.set(`${model.apiVersion}/${model.kind}`, model);
  }
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = JSON.parse(input).map((object) => {
  const id = `${object.apiVersion}/${object.kind}/${object.metadata?.name}`;
  const Model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) return { id, errors: [`no schema for ${object.apiVersion} ${object.kind}`] };
  try {
    new Model(object).validate();
    return { id, errors: [] };
  } catch (e) {
    return { id, errors: String(e.message).split(', ') };
  }
});
process.stdout.write(JSON.stringify(results));
