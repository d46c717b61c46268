import * as apolloTelemetry from '@apollo/gateway/dist/utilities/opentelemetry';
import { createLogger } from '@crm/observability';
import { SUBGRAPHS } from '@crm/registry';
import { testSigningKey } from '@crm/testing';
import { gatewayConfigSchema } from './config/gateway.config';
import { createGateway } from './gateway.server';

describe('the gateway and third parties', () => {
  it('starts without reporting usage to Apollo or probing cloud metadata addresses', async () => {
    // Spied on the module @apollo/gateway calls it through: the exporter that phones home.
    const dataCollection = jest.spyOn(apolloTelemetry, 'createDataCollectionExporter');
    const { publicKeysFile } = await testSigningKey();
    const config = gatewayConfigSchema.parse({
      NODE_ENV: 'test',
      AUTH_PUBLIC_KEYS_FILE: publicKeysFile,
      ...Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, 'http://127.0.0.1:9/graphql'])),
    });
    const gateway = await createGateway(config, createLogger('gateway', 'silent'));
    await gateway.stop();
    expect(dataCollection).not.toHaveBeenCalled();
  });
});
