import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/*
 * W3C trace context with OpenTelemetry, by hand: a server span per GraphQL request, the
 * `traceparent` passed to every subgraph call, into each outbox row and its Kafka message, and a
 * consumer span per applied event. No auto-instrumentation: patching http, pg and kafkajs would
 * put spans on every query of the hot path; these few spans are what a trace needs to cross services.
 */

const TRACER = 'crm';
export const TRACEPARENT = 'traceparent';

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Call first in a process. With an OTLP endpoint, the Node SDK exports spans there in batches. With
 * none, no tracer provider is registered at all: spans are the API's no-ops, and only context
 * propagation runs, so a caller's traceparent still reaches the next hop at next to no cost.
 */
export async function startTracing(service: string, otlpEndpoint: string | undefined): Promise<Tracing> {
  const propagator = new W3CTraceContextPropagator();
  if (!otlpEndpoint) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(propagator);
    return { shutdown: () => Promise.resolve() };
  }
  // Loaded only when exporting: the SDK and its exporters take seconds to load on a busy machine.
  const [{ NodeSDK }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const sdk = new NodeSDK({
    serviceName: service,
    traceExporter: new OTLPTraceExporter({ url: new URL('v1/traces', otlpEndpoint.replace(/\/?$/, '/')).href }),
    textMapPropagator: propagator,
    instrumentations: [],
    // Traces only: metrics stay on /metrics (Prometheus), logs on stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return sdk;
}

const tracer = () => trace.getTracer(TRACER);

/** The context a W3C `traceparent` names (the active one when there is none). */
export function contextFrom(traceparent: string | null | undefined): Context {
  return traceparent ? propagation.extract(context.active(), { [TRACEPARENT]: traceparent }) : context.active();
}

/** The active span's `traceparent`, for a message that starts work elsewhere; null outside any trace. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier[TRACEPARENT] ?? null;
}

/** Adds the active trace context's headers (`traceparent`) to an outgoing request's. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** Runs `work` in a span that is a child of `parent`, ending it (with the error, if any) when work settles. */
export async function inSpan<T>(
  name: string,
  opts: { parent?: Context; kind?: SpanKind; attributes?: Attributes },
  work: () => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, opts.parent);
  try {
    return await context.with(trace.setSpan(opts.parent ?? context.active(), span), work);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * A server span per request, child of the caller's `traceparent` if it sent one; everything after
 * this middleware runs in it. Mount it after the body parser: stream callbacks do not carry the
 * async context that a span was made in.
 */
export function traceRequests(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const parent = propagation.extract(context.active(), req.headers);
    const route = req.originalUrl.split('?')[0];
    const span = tracer().startSpan(
      `${req.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': route } },
      parent,
    );
    const end = () => {
      res.removeListener('finish', end);
      res.removeListener('close', end);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.on('finish', end);
    res.on('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}

/** The active trace and span ids, for log lines; nothing outside a trace. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const ids = trace.getSpan(context.active())?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}
