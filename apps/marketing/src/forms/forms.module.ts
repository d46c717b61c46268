import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { MarketingConfig } from '../config/marketing.config';
import { ConsentModule } from '../consent/consent.module';
import { LeadsModule } from '../leads/leads.module';
import { FormRateLimits } from './form-rate-limits';
import { FormSubmissionController } from './form-submission.controller';
import { FormSubmissionEntity } from './form-submission.entity';
import { FormSubmissionService } from './form-submission.service';
import { WebFormEntity } from './web-form.entity';
import { WebFormRepository } from './web-form.repository';
import { WebFormResolver } from './web-form.resolver';
import { WebFormService } from './web-form.service';

export const FORM_ENTITIES = [WebFormEntity, FormSubmissionEntity];

@Module({
  imports: [TypeOrmModule.forFeature(FORM_ENTITIES), LeadsModule, ConsentModule],
  controllers: [FormSubmissionController],
  providers: [WebFormRepository, WebFormService, WebFormResolver, FormSubmissionService, FormRateLimits],
})
export class FormsModule implements NestModule {
  constructor(@Inject(SUBGRAPH_CONFIG) private readonly config: MarketingConfig) {}

  /**
   * Plain HTML forms post url-encoded bodies; only the form endpoint reads them. A body the parser
   * refuses is answered here as JSON (413 over the limit, 400 otherwise), not as a server fault.
   */
  configure(consumer: MiddlewareConsumer): void {
    const parse = express.urlencoded({ extended: false, limit: this.config.FORM_BODY_LIMIT_BYTES, parameterLimit: 100 });
    consumer
      .apply((req: Request, res: Response, next: NextFunction) =>
        parse(req, res, (err?: unknown) => {
          if (!err) return next();
          const tooLarge = (err as { type?: string }).type === 'entity.too.large';
          res.status(tooLarge ? 413 : 400).json({
            errors: [
              {
                message: tooLarge
                  ? `The form post is over the limit of ${this.config.FORM_BODY_LIMIT_BYTES} bytes`
                  : 'The form post could not be read',
                extensions: { code: 'BAD_USER_INPUT', field: 'body' },
              },
            ],
          });
        }),
      )
      .forRoutes(FormSubmissionController);
  }
}
