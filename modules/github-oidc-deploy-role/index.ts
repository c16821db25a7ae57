export * from './github-oidc-deploy-role';
export * from './github-oidc-provider';
