export * from './approver-role';
