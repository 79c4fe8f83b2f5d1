export * from './config';
export * from './services';
