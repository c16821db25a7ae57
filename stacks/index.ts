export * from './base-stack';
export * from './bootstrap-stack';
export * from './platform-stack';
export * from './environment-stack';
export * from './platform-app';
export * from './synth';
export * from './aspects';
export type { ServiceSecrets } from './compose/secrets';
export type { SecurityBaseline } from './compose/security-baseline';
