export * from './cdktf';
export * from './naming';
