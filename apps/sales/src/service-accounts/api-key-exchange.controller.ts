import { Public } from '@crm/auth';
import { sendGraphQLError } from '@crm/observability';
import { Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ServiceAccountService } from './service-account.service';

/**
 * POST /api-keys/check with `{ "apiKey": "crmk_..." }`: the gateway's token exchange (POST
 * /auth/token) asks here who a key belongs to, and signs the short-lived token itself. Not a
 * public route: only the gateway reaches it. The key is the credential, hence no token. A good key
 * has its use recorded and answers the account's id, name and roles; any other answer is 401.
 */
@Public()
@Controller('api-keys')
export class ApiKeyExchangeController {
  constructor(private readonly accounts: ServiceAccountService) {}

  @Post('check')
  async check(@Req() req: Request, @Res() res: Response): Promise<void> {
    const apiKey = (req.body as { apiKey?: unknown } | undefined)?.apiKey;
    if (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > 200)
      return sendGraphQLError(req, res, 400, 'BAD_USER_INPUT', 'apiKey must be the API key, as text', 'apiKey');
    const found = await this.accounts.check(apiKey);
    if (found.status === 'revoked')
      return sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', `This API key was revoked at ${found.revokedAt.toISOString()}`, 'apiKey');
    if (found.status === 'invalid') return sendGraphQLError(req, res, 401, 'UNAUTHENTICATED', 'This API key is not valid', 'apiKey');
    res.status(200).json({ serviceAccountId: found.account.id, name: found.account.name, roles: found.account.roles });
  }
}
