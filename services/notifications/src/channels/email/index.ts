export * from './email.config';
export * from './smtp-email.sender';
