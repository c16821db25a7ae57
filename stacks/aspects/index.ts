export * from './permissions-boundary';
