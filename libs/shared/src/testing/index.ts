export * from './test-run';
export * from './event-tap';
export * from './graphql-client';
export * from './in-process';
export * from './system';
export * from './tcp-proxy';
export * from './test-publisher';
export * from './pdf-text';
