export * from './codeartifact-domain';
