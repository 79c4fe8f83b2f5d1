export * from './database';
export * from './numeric.transformer';
