export * from './cdktf';
export * from './naming';
export * from './checks';
export * from './github-variables';
export * from './build-naming';
