import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { createErrorFormatter } from './errors';
import { RequestLoaders, type GraphQLRequestContext } from './request-loaders';

export interface SubgraphGraphQLOptions {
  /** Where to write the federated SDL; omitted, the schema stays in memory. */
  schemaFile?: string;
  /** Receives errors that are masked from clients, for the logs. */
  onInternalError: (error: unknown) => void;
}

/** Federation 2, code first, sorted SDL, one set of DataLoaders per request, masked internal errors. */
export function subgraphGraphQLModule(opts: SubgraphGraphQLOptions): DynamicModule {
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    autoSchemaFile: opts.schemaFile ? { federation: 2, path: opts.schemaFile } : { federation: 2 },
    sortSchema: true,
    playground: false,
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    includeStacktraceInErrorResponses: false,
    // Field traces are for Apollo's hosted studio, which this platform does not use.
    // Nest sees @apollo/server's ESM typings, this file its CJS ones; the plugin is a plain object either way.
    plugins: [ApolloServerPluginInlineTraceDisabled() as never],
    context: ({ req }: { req: GraphQLRequestContext['req'] }): GraphQLRequestContext => ({ req, loaders: new RequestLoaders() }),
    formatError: createErrorFormatter(opts.onInternalError),
  });
}
