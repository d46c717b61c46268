import { InvalidError } from '@crm/domain';
import { Controller, Get, HttpCode, Param, Post, Res, UseFilters, type ArgumentsHost, type ExceptionFilter, Catch } from '@nestjs/common';
import type { Response } from 'express';
import { TrackingService } from './tracking.service';

/** The smallest transparent GIF: what an open pixel answers. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A bad token is the caller's mistake: 400 with JSON naming it, never a page or a stack. */
@Catch(InvalidError)
class InvalidTokenFilter implements ExceptionFilter {
  catch(e: InvalidError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({ error: { code: 'BAD_REQUEST', field: e.field, message: `${e.field} ${e.reason}` } });
  }
}

/**
 * The links in campaign email, reached without a token through the gateway's public routes. No
 * caller identity: the signed token is the authority (see TrackingService).
 */
@Controller('t')
@UseFilters(InvalidTokenFilter)
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get('o/:token')
  async open(@Param('token') token: string, @Res() res: Response): Promise<void> {
    await this.tracking.open(token);
    res.status(200).set({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' }).send(PIXEL);
  }

  @Get('c/:token')
  async click(@Param('token') token: string, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.tracking.click(token));
  }

  @Get('u/:token')
  async unsubscribe(@Param('token') token: string): Promise<{ unsubscribed: true }> {
    await this.tracking.unsubscribe(token);
    return { unsubscribed: true };
  }

  /** A mail client's one-click unsubscribe (RFC 8058) POSTs to the same link. */
  @Post('u/:token')
  @HttpCode(200)
  async unsubscribeOneClick(@Param('token') token: string): Promise<{ unsubscribed: true }> {
    return this.unsubscribe(token);
  }
}
