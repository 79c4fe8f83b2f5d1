export * from './contacts.config';
export * from './intake-contacts.client';
