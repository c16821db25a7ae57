export * from './cdktf';
export * from './naming';
export * from './checks';
