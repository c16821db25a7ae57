export * from './base-stack';
export * from './bootstrap-stack';
export * from './platform-stack';
export * from './environment-stack';
export * from './environment-services-stack';
export * from './shared-resources';
export * from './platform-app';
export * from './synth';
