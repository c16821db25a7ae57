export * from './code-owners';
export * from './team-access';
export * from './github-repository';
