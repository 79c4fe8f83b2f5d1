// The framework-free entry of the platform: configuration, error types, the caller's identity
// and the token verifier. Loading it pulls in zod, graphql and jose only, never NestJS, TypeORM
// or amqplib, so the gateway, scripts and the policy package can use it.
export * from './config';
export * from './errors/error-code';
export * from './errors/domain-error';
export * from './errors/public-errors';
export * from './errors/http-errors';
export * from './auth/principal';
export * from './auth/actor';
export * from './auth/subgraph-signature';
export * from './auth/jwt-verifier';
export * from './auth/claim-mapping';
export * from './auth/token-signer';
export * from './service/time-source';
export * from './service/files';
export * from './service/management-server';
export * from './messaging/amqp-topology';
export * from './graphql/introspection';
export * from './graphql/request-metrics';
export * from './crypto';
