import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessGuard, IdentityScopeInterceptor, TOKEN_VERIFIER } from './access.guard';
import type { TokenVerifier } from './tokens';

/** The global access guard and identity scope, for every resolver of the subgraph. */
@Module({})
export class AuthModule {
  static forRoot(verifier: TokenVerifier): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_VERIFIER, useValue: verifier },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdentityScopeInterceptor },
      ],
    };
  }
}
