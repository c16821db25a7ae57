export * from './branch-protection';
