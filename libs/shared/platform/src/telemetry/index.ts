// Traces (OpenTelemetry), framework-free: `@yekuo/platform/telemetry` loads the OpenTelemetry API
// and the W3C propagator only (the SDK and its exporter when traces are on), never NestJS, TypeORM
// or amqplib, so the gateway starts it as the services do.
export * from './tracing-config';
export * from './tracing';
export * from './trace-context';
export * from './spans';
export * from './http-spans';
