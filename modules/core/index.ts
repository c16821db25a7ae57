export * from './cdktf';
export * from './sealable-stack';
export * from './naming';
export * from './arn';
export * from './checks';
export * from './github-variables';
export * from './build-naming';
export * from './resource-names';
