export * from './github-team';
