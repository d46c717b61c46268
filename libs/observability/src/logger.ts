import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { traceLogFields } from './tracing';

export type { Logger } from 'pino';

export function createLogger(service: string, level: string): Logger {
  // Every line written inside a trace carries its trace_id, so logs and traces join up.
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime, mixin: traceLogFields });
}

/** Nest's own log lines (bootstrap, routes, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
