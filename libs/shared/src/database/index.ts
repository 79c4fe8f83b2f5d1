export * from './database';
export * from './numeric.transformer';
export * from './case-copy.columns';
