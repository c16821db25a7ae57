export * from './package-release-role';
