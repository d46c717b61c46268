import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { contextFrom, currentTraceparent, traceLogFields } from './tracing';

describe('trace context without an exporter (what runs when OTEL_EXPORTER_OTLP_ENDPOINT is unset)', () => {
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it('passes a caller’s traceparent on unchanged and puts its ids on log lines', async () => {
    await context.with(contextFrom(traceparent), async () => {
      await Promise.resolve(); // across an await, as in a request
      expect(currentTraceparent()).toBe(traceparent);
      expect(traceLogFields()).toEqual({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331' });
    });
  });

  it('has nothing to pass on or log outside a trace, and ignores a malformed traceparent', () => {
    expect(currentTraceparent()).toBeNull();
    expect(traceLogFields()).toEqual({});
    context.with(contextFrom('00-not-a-trace-01'), () => {
      expect(currentTraceparent()).toBeNull();
      expect(traceLogFields()).toEqual({});
    });
  });
});
