import 'reflect-metadata';
import * as fs from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { subgraphGraphQLModule } from './subgraph-graphql.module';

const HEADER = '# Generated from the code-first resolvers by `npm run schema`. Do not edit; commit it.\n\n';

/** The federated SDL a running subgraph serves (with its @link header), as composition reads it. */
export function printServedSchema(app: INestApplication): string {
  return HEADER + printSubgraphSchema(app.get(GraphQLSchemaHost).schema) + '\n';
}

/**
 * The subgraph's SDL without a database or broker: the resolvers are built with empty stand-ins
 * for their collaborators, since printing a schema never calls them.
 */
export async function buildSubgraphSchema(resolvers: Type[]): Promise<string> {
  const collaborators = new Set<Type>();
  for (const resolver of resolvers) {
    const params = (Reflect.getMetadata('design:paramtypes', resolver) as Type[] | undefined) ?? [];
    for (const p of params) collaborators.add(p);
  }
  const stubs: Provider[] = [...collaborators].map((provide) => ({ provide, useValue: {} }));

  // The resolvers in a module of their own imported after the GraphQL module, as a running subgraph
  // imports its domain modules: Nest meets custom scalars in module order, and the printed schema
  // must be the one the subgraph serves.
  @Module({ providers: [...resolvers, ...stubs] })
  class ResolversModule {}
  @Module({ imports: [subgraphGraphQLModule({ onInternalError: () => undefined }), ResolversModule] })
  class SchemaOnlyModule {}

  const app = await NestFactory.create(SchemaOnlyModule, { logger: ['error'], abortOnError: false });
  await app.init();
  try {
    return printServedSchema(app);
  } finally {
    await app.close();
  }
}

/** `schema` build target: writes the file when it differs; with `--check`, fails instead of writing. */
export async function emitSubgraphSchema(resolvers: Type[], file: string, argv = process.argv): Promise<void> {
  const sdl = await buildSubgraphSchema(resolvers);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === sdl) return;
  if (argv.includes('--check')) {
    throw new Error(`${file} is stale: run \`npm run schema\` and commit the result`);
  }
  fs.writeFileSync(file, sdl);
  console.log(`wrote ${file}`);
}
