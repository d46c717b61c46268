import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { DateTimeScalar } from './date-time.scalar';
import { entityStubs } from './entity-stub';
import { errorReportingPlugin } from './error-reporting';
import { createErrorFormatter } from './errors';
import { RequestLoaders, type GraphQLRequestContext } from './request-loaders';

export interface SubgraphGraphQLOptions {
  /** Where to write the federated SDL; omitted, the schema stays in memory. */
  schemaFile?: string;
  /** Receives errors that are masked from clients, with the request id, for the logs. */
  onInternalError: (error: unknown, requestId: string | undefined) => void;
  /** Answer introspection queries; off unless asked for, whatever NODE_ENV says (Apollo's default follows it). */
  introspection?: boolean;
}

/** Federation 2, code first, sorted SDL, one set of DataLoaders per request, masked internal errors. */
export function subgraphGraphQLModule(opts: SubgraphGraphQLOptions): DynamicModule {
  return {
    module: SubgraphGraphQLModule,
    imports: [graphQLModule(opts)],
    // Nest's own DateTime takes whatever `new Date()` does, dates no database column holds included.
    providers: [DateTimeScalar],
  };
}

@Module({})
class SubgraphGraphQLModule {}

function graphQLModule(opts: SubgraphGraphQLOptions): DynamicModule {
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    autoSchemaFile: opts.schemaFile ? { federation: 2, path: opts.schemaFile } : { federation: 2 },
    sortSchema: true,
    playground: false,
    introspection: opts.introspection ?? false,
    buildSchemaOptions: { dateScalarMode: 'isoDate', orphanedTypes: entityStubs() },
    includeStacktraceInErrorResponses: false,
    // Field traces are for Apollo's hosted studio, which this platform does not use.
    // Nest sees @apollo/server's ESM typings, this file its CJS ones; the plugin is a plain object either way.
    plugins: [
      ApolloServerPluginInlineTraceDisabled() as never,
      // Nothing sets cache hints and nothing HTTP-caches answers: no cache policy computed for every field.
      ApolloServerPluginCacheControlDisabled() as never,
      // The gateway forwards its request id, so a subgraph's log lines carry the id the client got.
      errorReportingPlugin<GraphQLRequestContext>(
        (ctx) => (ctx.req.id === undefined ? undefined : String(ctx.req.id)),
        opts.onInternalError,
        {
          exposeRequestId: false,
        },
      ) as never,
    ],
    // Guards and the identity scope run for field resolvers and resolveReference too: `_entities`
    // reaches them without any root field, so that is where access is decided for entity fetches.
    fieldResolverEnhancers: ['guards', 'interceptors'],
    context: ({ req }: { req: GraphQLRequestContext['req'] }): GraphQLRequestContext => ({ req, loaders: new RequestLoaders() }),
    formatError: createErrorFormatter(),
  });
}
