export * from './deployment-environment';
