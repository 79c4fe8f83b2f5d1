export * from './process-variants';
export * from './org';
