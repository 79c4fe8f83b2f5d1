export * from './audit-anchor';
export * from './audit-anchoring';
export * from './audit-chain';
export * from './audit-log';
export * from './audit-record.entity';
export * from './audit-verification.model';
