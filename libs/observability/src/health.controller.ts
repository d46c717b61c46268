import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessRegistry } from './readiness';

/** Probes only: /metrics is served on a port of its own (serveMetrics), never on the callers' port. */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** The process is up and its event loop turns. */
  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency (database, broker) answers; 503 otherwise, so no traffic is routed here. */
  @Get('health/ready')
  async ready(@Res() res: Response): Promise<void> {
    const { ready, checks } = await this.readiness.run();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks });
  }
}
