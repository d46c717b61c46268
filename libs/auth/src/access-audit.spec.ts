import { Mutation, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CanRead, CanWrite, Public } from './access';
import { resolversWithoutAccessDecision } from './access-audit';

class Thing {}

describe('resolversWithoutAccessDecision', () => {
  it('names each resolver method that has no decision, on itself or its class', () => {
    @Resolver(() => Thing)
    class Undecided {
      @Query(() => String)
      open(): string {
        return '';
      }
      @CanWrite('sales')
      @Mutation(() => String)
      write(): string {
        return '';
      }
      @ResolveField(() => String)
      field(): string {
        return '';
      }
      @ResolveReference()
      resolveReference(): null {
        return null;
      }
      helper(): void {}
    }
    expect(resolversWithoutAccessDecision([Undecided])).toEqual(['Undecided.open', 'Undecided.field', 'Undecided.resolveReference']);
  });

  it('accepts a class-level decision for every method, and an explicit Public', () => {
    @CanRead('sales')
    @Resolver(() => Thing)
    class Decided {
      @Query(() => String)
      read(): string {
        return '';
      }
      @ResolveReference()
      resolveReference(): null {
        return null;
      }
    }
    @Resolver()
    class Open {
      @Public()
      @Query(() => String)
      ping(): string {
        return 'pong';
      }
    }
    expect(resolversWithoutAccessDecision([Decided, Open])).toEqual([]);
  });
});
