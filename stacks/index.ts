export * from './base-stack';
export * from './bootstrap-stack';
export * from './platform-stack';
export * from './environment-stack';
export * from './platform-app';
export * from './synth';
