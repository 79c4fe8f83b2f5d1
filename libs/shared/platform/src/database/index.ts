export * from './database';
export * from './roles';
export * from './numeric.transformer';
export * from './case-copy.columns';
export * from './migrations/1764201600000-messaging-and-audit';
