export * from './enums';
export * from './cursor';
export * from './connection';
export * from './text';
export * from './shared-enums';
