export * from './role';
export * from './principal';
export * from './jwt-verifier';
export * from './dev-keys';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './personal-data';
