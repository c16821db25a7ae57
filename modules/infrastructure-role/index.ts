export * from './infrastructure-role';
