import { bearerToken, identityOf } from '@crm/auth';
import { LOGGER, type Logger } from '@crm/observability';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { UserSignInService, type ProfileClaims } from './user-sign-in.service';

interface SignInRequest {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Runs after the platform's identity middleware, which verified the token and left the caller on
 * the request: a user's first request puts them in the directory before GraphQL runs, so `me`
 * answers on that very request.
 */
@Injectable()
export class UserSignInMiddleware implements NestMiddleware {
  constructor(
    private readonly signIn: UserSignInService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  use(req: SignInRequest, _res: unknown, next: (err?: unknown) => void): void {
    // The token was verified already; its profile claims are decoded only for a user this process has not seen.
    const claims = (): ProfileClaims => {
      const token = bearerToken(req.headers.authorization);
      return token ? decodeJwt(token) : {};
    };
    this.signIn.ensure(identityOf(req), claims).then(
      () => next(),
      (err: unknown) => {
        // The directory entry can wait for the next request; the caller's own request should not fail for it.
        this.logger.warn({ err }, 'could not add a signed-in user to the directory');
        next();
      },
    );
  }
}
