export * from './tag-protection';
