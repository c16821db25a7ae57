export * from './cdktf';
export * from './naming';
export * from './checks';
export * from './build-naming';
