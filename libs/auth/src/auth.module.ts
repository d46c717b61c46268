import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, TOKEN_VERIFIER } from './access.guard';
import type { TokenVerifier } from './tokens';

/** The global access guard, for every resolver of the subgraph (the caller is verified first by HTTP middleware: identityMiddleware). */
@Module({})
export class AuthModule {
  static forRoot(verifier: TokenVerifier): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: TOKEN_VERIFIER, useValue: verifier },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    };
  }
}
