// The framework-free entry of the platform: configuration, error types and the caller's
// identity. Loading it pulls in zod and graphql only, never NestJS, TypeORM or amqplib,
// so the gateway, scripts and the policy package can use it.
export * from './config';
export * from './errors/error-code';
export * from './errors/domain-error';
export * from './errors/public-errors';
export * from './errors/http-errors';
export * from './auth/principal';
export * from './auth/actor';
export * from './service/time-source';
export * from './service/files';
export * from './messaging/amqp-topology';
export * from './graphql/introspection';
