export * from './kms-key';
