import { Public } from '@crm/auth';
import { ConflictError, DomainError, InvalidError, NotFoundError } from '@crm/domain';
import { sendGraphQLError } from '@crm/observability';
import { Body, Catch, Controller, HttpCode, Param, Post, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CaseSatisfactionService } from './case-satisfaction.service';

/** A refused answer is JSON with the status and the part at fault, as the gateway's own errors are. */
@Catch(InvalidError, ConflictError, NotFoundError)
class SurveyRefusals implements ExceptionFilter {
  catch(e: DomainError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const [status, code] =
      e instanceof InvalidError ? [400, 'BAD_USER_INPUT'] : e instanceof ConflictError ? [409, 'CONFLICT'] : [404, 'NOT_FOUND'];
    sendGraphQLError(http.getRequest<Request>(), http.getResponse<Response>(), status, code, e.message, e.field);
  }
}

/**
 * The answer to a satisfaction survey: POST /csat/<token> with `{ "score": 1-5, "comment": "..." }`,
 * reached without a login through the gateway's public routes; the signed token names the case.
 */
@Public()
@Controller('csat')
@UseFilters(SurveyRefusals)
export class CaseSatisfactionController {
  constructor(private readonly satisfaction: CaseSatisfactionService) {}

  @Post(':token')
  @HttpCode(201)
  async answer(@Param('token') token: string, @Body() body: unknown): Promise<{ caseId: string; score: number; answeredAt: Date }> {
    const saved = await this.satisfaction.answer(token, body);
    return { caseId: saved.caseId, score: saved.score!, answeredAt: saved.answeredAt! };
  }
}
