export * from './service-definition';
export * from './core.module';
export * from './health.controller';
export * from './service-metrics';
export * from './bootstrap';
export * from './time-source';
