export * from './process-variants';
export * from './org';
export * from './personal-data';
export * from './state-machine';
export * from './event-actions';
