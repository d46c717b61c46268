import 'reflect-metadata';
import { forwardRef, Injectable, Module } from '@nestjs/common';
import { Query, Resolver, Scalar } from '@nestjs/graphql';
import { resolversOf } from './schema-emitter';

@Resolver()
class AResolver {
  @Query(() => String)
  a(): string {
    return 'a';
  }
}
@Resolver()
class BResolver {}
@Resolver()
class ImportedResolver {}
@Resolver()
class DynamicResolver {}
@Scalar('Thing')
class ThingScalar {}
@Injectable()
class AService {}

@Module({ providers: [ImportedResolver, AService] })
class ImportedModule {}
@Module({ imports: [ImportedModule, forwardRef(() => BModule)], providers: [AService, AResolver] })
class AModule {}
@Module({ imports: [{ module: class DynamicModuleClass {}, providers: [DynamicResolver] }], providers: [BResolver, ThingScalar] })
class BModule {}

describe('resolversOf', () => {
  it('finds the resolvers and scalars of the modules and of what they import, listed modules first', () => {
    expect(resolversOf([AModule, BModule])).toEqual([AResolver, BResolver, ThingScalar, ImportedResolver, DynamicResolver]);
  });

  it('reaches a module only imported (also through forwardRef), once', () => {
    expect(resolversOf([AModule])).toEqual([AResolver, ImportedResolver, BResolver, ThingScalar, DynamicResolver]);
  });

  it('leaves out providers that add nothing to the schema', () => {
    expect(resolversOf([ImportedModule])).toEqual([ImportedResolver]);
  });
});
