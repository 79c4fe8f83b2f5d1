// The service platform: everything a Yekuo service runs on (NestJS, TypeORM, amqplib).
// Framework-free parts (config, errors, principal) are also reachable alone as `@yekuo/platform/core`.
export * from './core';
export * from './errors';
export * from './auth';
export * from './audit';
export * from './database';
export * from './messaging';
export * from './service';
export * from './jobs';
export * from './case-copy';
export * from './graphql';
export * from './idempotency';
export * from './telemetry';
export * from './logging';
export * from './logging/nest-logger';
