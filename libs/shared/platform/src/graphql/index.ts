export * from './enums';
export * from './cursor';
export * from './connection';
export * from './text';
export * from './id-arg';
export * from './read-retry';
export * from './date-time';
export * from './shared-enums';
