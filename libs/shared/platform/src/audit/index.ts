export * from './audit-chain';
export * from './audit-log';
export * from './audit-record.entity';
export * from './audit-verification.model';
