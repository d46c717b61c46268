import type { Type } from '@nestjs/common';

const stubs = new Set<Type>();

/**
 * Marks another subgraph's entity that this one declares only to add fields to it (sales adds
 * `notes` to Lead): code first leaves out a type no field returns, so the schema builder is given
 * these explicitly.
 */
export function EntityStub(): ClassDecorator {
  return (target) => {
    stubs.add(target as unknown as Type);
  };
}

/** The entity stubs the loaded code declared. */
export const entityStubs = (): Type[] => [...stubs];
