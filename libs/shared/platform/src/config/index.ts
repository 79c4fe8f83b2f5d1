export * from './config';
export * from './services';
export * from './body-limit';
export * from './jwt';
export * from './logging';
