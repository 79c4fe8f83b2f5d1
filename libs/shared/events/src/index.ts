export * from './role';
export * from './payload';
export * from './case-action';
export * from './catalog';
export * from './envelope';
export * from './case-payload';
export * from './asyncapi';
export * from './trace-context';
