import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/errors';
import { Writer } from '../protocol/writer';
import type { ApiSpec } from './api-spec';
import { fetchApi, listOffsetsApi } from './fetch.api';
import {
  deleteGroupsApi,
  describeGroupsApi,
  findCoordinatorApi,
  heartbeatApi,
  joinGroupApi,
  leaveGroupApi,
  listGroupsApi,
  offsetCommitApi,
  offsetFetchApi,
  syncGroupApi,
} from './groups.api';
import { initProducerIdApi, produceApi } from './produce.api';
import { createTopicsApi, deleteTopicsApi, metadataApi } from './topics.api';

/** ApiVersions v0 body: the list of what this broker implements. Also the answer to a version it does not know. */
export function apiVersionsBody(error: number, version: number): Writer {
  const w = new Writer()
    .int16(error)
    .array([...API_TABLE.values()], (aw, api) => aw.int16(api.key).int16(api.minVersion).int16(api.maxVersion));
  if (version >= 1) w.int32(0);
  return w;
}

const apiVersionsApi: ApiSpec = {
  key: ApiKey.ApiVersions,
  name: 'ApiVersions',
  minVersion: 0,
  // v3 is the first flexible version; clients step down to v2 on UNSUPPORTED_VERSION.
  maxVersion: 2,
  handle: (_ctx, version) => apiVersionsBody(ErrorCode.NONE, version),
};

/** No SASL here: the handshake answers the protocol's own refusal with an empty mechanism list. */
const saslHandshakeApi: ApiSpec = {
  key: ApiKey.SaslHandshake,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  handle(_ctx, _version, r) {
    r.string();
    return new Writer().int16(ErrorCode.UNSUPPORTED_SASL_MECHANISM).array([], () => undefined);
  },
};

export const API_TABLE: ReadonlyMap<number, ApiSpec> = new Map(
  [
    produceApi,
    fetchApi,
    listOffsetsApi,
    metadataApi,
    offsetCommitApi,
    offsetFetchApi,
    findCoordinatorApi,
    joinGroupApi,
    heartbeatApi,
    leaveGroupApi,
    syncGroupApi,
    describeGroupsApi,
    listGroupsApi,
    saslHandshakeApi,
    apiVersionsApi,
    createTopicsApi,
    deleteTopicsApi,
    initProducerIdApi,
    deleteGroupsApi,
  ].map((api) => [api.key, api]),
);
