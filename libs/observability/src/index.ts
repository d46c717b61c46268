export { createLogger, PinoNestLogger, type Logger } from './logger';
export { Metrics } from './metrics';
export { ReadinessRegistry } from './readiness';
export { LOGGER, ObservabilityModule } from './observability.module';
export { REQUEST_ID_HEADER, httpMetrics, requestLogging, useHttpObservability } from './http-observability';
export {
  contextFrom,
  currentTraceparent,
  injectTraceHeaders,
  inSpan,
  startTracing,
  traceLogFields,
  traceRequests,
  TRACEPARENT,
  type Tracing,
} from './tracing';
export { KEEP_ALIVE_TIMEOUT_MS, keepIdleConnectionsOpen } from './keep-alive';
export {
  CLIENT_BODY_LIMIT_BYTES,
  SUBGRAPH_BODY_LIMIT_BYTES,
  getOrPostOnly,
  httpErrorHandler,
  notFoundHandler,
  sendGraphQLError,
} from './http-errors';
export { serveMetrics } from './metrics-server';
