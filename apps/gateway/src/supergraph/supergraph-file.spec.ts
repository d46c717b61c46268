import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { parse, type GraphQLSchema } from 'graphql';
import { supergraphFromFile } from './supergraph-file';

function supergraph(queryFields: string): string {
  const result = composeServices([{ name: 'a', url: 'http://a/graphql', typeDefs: parse(`type Query { ${queryFields} }`) }]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}
const queryFields = (schema: GraphQLSchema) => Object.keys(schema.getQueryType()!.getFields()).sort();

describe('supergraphFromFile', () => {
  let dir: string;
  let gateway: ApolloGateway | undefined;
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supergraph-'));
    jest.clearAllMocks();
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(file: string, pollMs: number) {
    gateway = new ApolloGateway({
      supergraphSdl: supergraphFromFile(file, pollMs, logger),
      buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
    });
    const schemas: GraphQLSchema[] = [];
    let notify: (() => void) | undefined;
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      schemas.push(apiSchema);
      notify?.();
    });
    await gateway.load();
    /** Resolves with the next schema the gateway switches to. */
    const nextSchema = (after: number) =>
      new Promise<GraphQLSchema>((resolve) => {
        notify = () => schemas.length > after && resolve(schemas[after]!);
        notify();
      });
    const nextLog = (level: 'error' | 'info') => new Promise<void>((resolve) => logger[level].mockImplementationOnce(() => resolve()));
    return { schemas, nextSchema, nextLog };
  }

  it('serves the file, and a changed file without a restart', async () => {
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, supergraph('hello: String'));
    const { schemas, nextSchema } = await start(file, 10);
    expect(queryFields(schemas[0]!)).toEqual(['hello']);

    fs.writeFileSync(file, supergraph('hello: String world: String'));
    expect(queryFields(await nextSchema(1))).toEqual(['hello', 'world']);
    expect(logger.info).toHaveBeenCalledWith({ file }, 'supergraph reloaded');
  });

  it('follows a ConfigMap volume update, where the kubelet swaps a symlinked folder', async () => {
    // The layout the kubelet writes: file -> ..data/file, ..data -> ..<timestamp>/
    const version = (name: string, sdl: string) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'supergraph.graphql'), sdl);
    };
    version('..v1', supergraph('hello: String'));
    fs.symlinkSync('..v1', path.join(dir, '..data'));
    fs.symlinkSync('..data/supergraph.graphql', path.join(dir, 'supergraph.graphql'));
    const { schemas, nextSchema } = await start(path.join(dir, 'supergraph.graphql'), 10);
    expect(queryFields(schemas[0]!)).toEqual(['hello']);

    version('..v2', supergraph('hello: String customers: [String]'));
    fs.symlinkSync('..v2', path.join(dir, '..data_tmp'));
    fs.renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data')); // atomic, as the kubelet does
    expect(queryFields(await nextSchema(1))).toEqual(['customers', 'hello']);
  });

  it('keeps serving the previous supergraph when the new file is not a valid one', async () => {
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, supergraph('hello: String'));
    const { schemas, nextSchema, nextLog } = await start(file, 10);

    const rejected = nextLog('error');
    fs.writeFileSync(file, 'type Query { broken');
    await rejected;
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ file }), 'new supergraph rejected; the previous one keeps serving');
    expect(schemas).toHaveLength(1);

    fs.writeFileSync(file, supergraph('hello: String again: Int'));
    expect(queryFields(await nextSchema(1))).toEqual(['again', 'hello']);
  });

  it('reads the file once when polling is off', async () => {
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, supergraph('hello: String'));
    const { schemas } = await start(file, 0);
    expect(queryFields(schemas[0]!)).toEqual(['hello']);
  });
});
