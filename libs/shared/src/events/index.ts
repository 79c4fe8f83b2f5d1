export * from './payload';
export * from './catalog';
export * from './envelope';
export * from './case-payload';
