export * from './access-analyzer';
