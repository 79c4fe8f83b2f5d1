export * from './checks';
export * from './client';
export * from './drive';
export * from './faults';
export * from './postgres-cluster';
export * from './processes';
export * from './rabbit-node';
export * from './subscriber';
