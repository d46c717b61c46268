import 'reflect-metadata';
import * as fs from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Module, type DynamicModule, type ForwardReference, type INestApplication, type Provider, type Type } from '@nestjs/common';
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

type ModuleImport = Type | DynamicModule | ForwardReference | Promise<DynamicModule> | undefined;

// What @Resolver() and @Scalar() record on their class (@nestjs/graphql's RESOLVER_TYPE_METADATA
// and SCALAR_NAME_METADATA): the providers that add to the schema.
const SCHEMA_PROVIDER_KEYS = ['graphql:resolver_type', 'graphql:scalar_name'];

/**
 * The resolvers and custom scalars that the modules provide, and the modules they import, in the
 * order of the schema a running subgraph serves (the listed modules first, then what they import,
 * level by level): the printed schema is the one served, and nothing can be left out of it by a
 * list kept by hand.
 */
export function resolversOf(modules: readonly ModuleImport[]): Type[] {
  const resolvers = new Set<Type>();
  const seen = new Set<unknown>();
  let level = [...modules];
  while (level.length) {
    const next: ModuleImport[] = [];
    for (const entry of level) {
      const m = entry && !(entry instanceof Promise) && 'forwardRef' in entry ? (entry.forwardRef as () => ModuleImport)() : entry;
      if (!m || m instanceof Promise || seen.has(m)) continue;
      seen.add(m);
      const cls = 'module' in m ? m.module : m;
      const dynamic: Partial<DynamicModule> = 'module' in m ? m : {};
      const providers = [...((Reflect.getMetadata('providers', cls) as Provider[] | undefined) ?? []), ...(dynamic.providers ?? [])];
      for (const p of providers) {
        if (typeof p === 'function' && SCHEMA_PROVIDER_KEYS.some((key) => Reflect.hasOwnMetadata(key, p))) resolvers.add(p);
      }
      next.push(...((Reflect.getMetadata('imports', cls) as ModuleImport[] | undefined) ?? []), ...(dynamic.imports ?? []));
    }
    level = next;
  }
  return [...resolvers];
}

/**
 * A subgraph's `schema` build target: writes the SDL of the resolvers its modules provide when the
 * file differs; with `--check`, fails instead of writing. A failure sets the exit code.
 */
export async function emitSubgraphSchema(modules: readonly Type[], file: string, argv = process.argv): Promise<void> {
  try {
    const sdl = await buildSubgraphSchema(resolversOf(modules));
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (current === sdl) return;
    if (argv.includes('--check')) throw new Error(`${file} is stale: run \`npm run schema\` and commit the result`);
    fs.writeFileSync(file, sdl);
    console.log(`wrote ${file}`);
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  }
}
