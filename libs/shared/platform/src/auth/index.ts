export * from './principal';
export * from './actor';
export * from './jwt-verifier';
export * from './claim-mapping';
export * from './token-signer';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
