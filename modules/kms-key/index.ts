export * from './kms-key';
export * from './kms-key-reference';
