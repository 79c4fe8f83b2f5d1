export * from './request-loaders';
export * from './row-loaders';
export * from './case-copy.store';
export * from './consume-event';
export * from './withdrawal.consumer';
export * from './case-facts.consumer';
export * from './case.type';
