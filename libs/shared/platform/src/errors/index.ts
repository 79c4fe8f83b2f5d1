export * from './error-code';
export * from './domain-error';
export * from './validation';
export * from './input-rules';
export * from './public-errors';
export * from './http-errors';
export * from './domain-error.filter';
