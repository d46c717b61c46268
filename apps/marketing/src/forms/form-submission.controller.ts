import { Public } from '@crm/auth';
import { ForbiddenError, NotFoundError } from '@crm/domain';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Controller, Get, Inject, Options, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { MarketingConfig } from '../config/marketing.config';
import { FormRateLimits } from './form-rate-limits';
import { formPage, PAGE_CSP, thankYouPage } from './form-page';
import { FormFieldsInvalidError, FormSubmissionService } from './form-submission.service';
import type { WebFormEntity } from './web-form.entity';

/** What the answer's JSON says went wrong, as the gateway's own JSON errors do. */
interface ErrorItem {
  message: string;
  code: string;
  field?: string;
}

function sendErrors(res: Response, status: number, errors: ErrorItem[]): void {
  res
    .status(status)
    .json({ errors: errors.map(({ message, code, field }) => ({ message, extensions: { code, ...(field ? { field } : {}) } })) });
}

/** The client's address as the gateway saw it (it overwrites X-Forwarded-For), else the socket's. */
function clientAddress(req: Request): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

/** A plain HTML form post from a browser, which should land on a page rather than on JSON. */
const isBrowserFormPost = (req: Request): boolean =>
  req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' && (req.headers.accept ?? '').includes('text/html');

/**
 * The public web form endpoint, reached through the gateway's public routes with no token:
 * POST /forms/<key> takes a post, OPTIONS answers CORS preflights, GET serves a hosted page of
 * the form. Every refusal is JSON with a status and the part of the request at fault, and writes nothing.
 */
@Public()
@Controller('forms')
export class FormSubmissionController {
  constructor(
    private readonly submissions: FormSubmissionService,
    private readonly limits: FormRateLimits,
    @Inject(SUBGRAPH_CONFIG) private readonly config: MarketingConfig,
  ) {}

  @Get(':key')
  async page(@Param('key') key: string, @Res() res: Response): Promise<void> {
    const form = await this.known(key, res);
    if (!form) return;
    res.setHeader('content-security-policy', PAGE_CSP);
    res.type('html').send(formPage(form));
  }

  @Options(':key')
  async preflight(@Param('key') key: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await this.known(key, res);
    if (!form) return;
    const origin = req.headers.origin ?? null;
    if (!origin || !form.allowedOrigins.includes(origin)) {
      return sendErrors(res, 403, [
        { message: `origin ${origin ?? '(none)'} may not post to this form`, code: 'FORBIDDEN', field: 'origin' },
      ]);
    }
    this.allowOrigin(res, origin);
    res.setHeader('access-control-allow-methods', 'POST');
    res.setHeader('access-control-allow-headers', 'content-type');
    res.setHeader('access-control-max-age', '600');
    res.status(204).end();
  }

  @Post(':key')
  async submit(@Param('key') key: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // The address first, so a scan for keys is limited like any other flood.
    const ipWait = await this.limits.ip(clientAddress(req));
    if (ipWait !== null) return this.tooMany(res, ipWait, 'too many form posts from this address');
    if (Number(req.headers['content-length'] ?? 0) > this.config.FORM_BODY_LIMIT_BYTES) {
      return sendErrors(res, 413, [
        { message: `The form post is over the limit of ${this.config.FORM_BODY_LIMIT_BYTES} bytes`, code: 'BAD_USER_INPUT', field: 'body' },
      ]);
    }
    if (!req.is(['application/x-www-form-urlencoded', 'application/json'])) {
      return sendErrors(res, 415, [
        {
          message: 'Send the form as application/x-www-form-urlencoded or application/json',
          code: 'BAD_USER_INPUT',
          field: 'content-type',
        },
      ]);
    }
    const form = await this.known(key, res);
    if (!form) return;
    const formWait = await this.limits.form(form.key);
    if (formWait !== null) return this.tooMany(res, formWait, 'this form is taking too many posts; try again shortly');
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendErrors(res, 400, [{ message: 'The form post must be an object of fields', code: 'BAD_USER_INPUT', field: 'body' }]);
    }
    const origin = req.headers.origin ?? null;
    try {
      await this.submissions.submit(key, body as Record<string, unknown>, { origin, ipAddress: clientAddress(req) });
    } catch (e) {
      if (e instanceof FormFieldsInvalidError) {
        return sendErrors(
          res,
          400,
          e.fields.map((f) => ({ message: f.message, code: 'BAD_USER_INPUT', field: f.field })),
        );
      }
      if (e instanceof ForbiddenError) return sendErrors(res, 403, [{ message: e.message, code: 'FORBIDDEN', field: 'origin' }]);
      if (e instanceof NotFoundError) return this.notFound(res);
      throw e;
    }
    if (origin) this.allowOrigin(res, origin);
    // A honeypot post gets exactly this answer too: a bot learns nothing from it.
    if (isBrowserFormPost(req)) {
      if (form.thankYouUrl) return res.redirect(303, form.thankYouUrl);
      res.setHeader('content-security-policy', PAGE_CSP);
      res.status(200).type('html').send(thankYouPage(form));
      return;
    }
    res.status(200).json({ status: 'accepted', message: form.thankYouMessage, redirect: form.thankYouUrl });
  }

  /** The form, or a 404 answered and null. */
  private async known(key: string, res: Response): Promise<WebFormEntity | null> {
    try {
      return await this.submissions.formByKey(key);
    } catch (e) {
      if (e instanceof NotFoundError) {
        this.notFound(res);
        return null;
      }
      throw e;
    }
  }

  private notFound(res: Response): void {
    sendErrors(res, 404, [{ message: 'There is no form with this key', code: 'NOT_FOUND', field: 'key' }]);
  }

  private tooMany(res: Response, seconds: number, message: string): void {
    res.setHeader('retry-after', String(seconds));
    sendErrors(res, 429, [{ message, code: 'RATE_LIMITED' }]);
  }

  private allowOrigin(res: Response, origin: string): void {
    res.setHeader('access-control-allow-origin', origin);
    res.vary('origin');
  }
}
