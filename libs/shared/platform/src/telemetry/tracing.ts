import { context, propagation, trace, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracingSettings } from './tracing-config';

/** The tracer of Yekuo's own spans (the gateway's come from @apollo/gateway's tracer). */
export const tracer: Tracer = trace.getTracer('yekuo');

/** What `startTracing` started. */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports every span ended so far; resolves once the exporter has answered (or given up). */
  flush(): Promise<void>;
}

let started: Promise<Tracing> | undefined;

/**
 * Starts tracing for this process, once, before the application is created: the W3C
 * `traceparent`/`tracestate` propagator and a context manager always (so a caller's trace
 * context is honoured even when nothing is recorded); with `settings.enabled`, the SDK too: a
 * tracer provider with the parent-based sampler (OTEL_TRACES_SAMPLER/_ARG as the SDK reads them),
 * `service.name` from the settings (OTEL_RESOURCE_ATTRIBUTES added), and a batch span processor
 * (OTEL_BSP_*) exporting OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT. The SDK's
 * modules are loaded only then. A later call gets the first one's result.
 */
export function startTracing(settings: TracingSettings): Promise<Tracing> {
  started ??= start(settings);
  return started;
}

/** Exports the spans ended so far, when tracing was started with the SDK; nothing otherwise. */
export async function flushTraces(): Promise<void> {
  await (await started)?.flush();
}

async function start(settings: TracingSettings): Promise<Tracing> {
  const propagator = new W3CTraceContextPropagator();
  if (!settings.enabled) {
    propagation.setGlobalPropagator(propagator);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    return { enabled: false, flush: () => Promise.resolve() };
  }
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes, detectResources, envDetector }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register({ propagator });
  return { enabled: true, flush: () => provider.forceFlush() };
}
