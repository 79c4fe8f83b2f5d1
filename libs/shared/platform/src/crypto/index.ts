export * from './key-ring';
export * from './document-cipher';
