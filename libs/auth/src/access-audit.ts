import type { INestApplicationContext, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY } from './access';

// @nestjs/graphql's metadata keys for resolver methods (graphql.constants).
const RESOLVER_METHOD_KEYS = ['graphql:resolver_name', 'graphql:resolve_property', 'graphql:resolve_reference'];

/**
 * `Class.method` of every resolver method (query, mutation, field resolver, resolveReference)
 * with no access decision of its own nor on its class. The global guard refuses such resolvers at
 * run time; tests call this so a forgotten decision fails the build instead.
 */
export function resolversWithoutAccessDecision(classes: Iterable<Type>): string[] {
  const missing: string[] = [];
  for (const cls of classes) {
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as object | undefined;
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (!RESOLVER_METHOD_KEYS.some((k) => Reflect.hasMetadata(k, method))) continue;
      if (!Reflect.hasMetadata(ACCESS_KEY, method) && !Reflect.hasMetadata(ACCESS_KEY, cls)) missing.push(`${cls.name}.${name}`);
    }
  }
  return missing;
}

/** Every provider class of a running Nest application that has resolver methods. */
export function resolverClassesOf(app: INestApplicationContext): Type[] {
  const classes = new Set<Type>();
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.providers.values()) {
      const cls = wrapper.metatype as Type | null | undefined;
      if (typeof cls !== 'function' || !cls.prototype) continue;
      const proto = cls.prototype as Record<string, unknown>;
      const hasResolverMethod = Object.getOwnPropertyNames(proto).some((n) => {
        const m = Object.getOwnPropertyDescriptor(proto, n)?.value as object | undefined;
        return typeof m === 'function' && RESOLVER_METHOD_KEYS.some((k) => Reflect.hasMetadata(k, m));
      });
      if (hasResolverMethod) classes.add(cls);
    }
  }
  return [...classes];
}
