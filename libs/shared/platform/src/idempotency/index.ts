export * from './idempotent-request';
export * from './answer-seal';
export * from './idempotency.store';
export * from './idempotency.graphql';
export * from './idempotency.sweeper';
