export * from './codeartifact-domain';
export * from './repository-reference';
