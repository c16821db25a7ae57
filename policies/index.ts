export * from './rule';
export * from './report';
export * from './aspect';
export * from './stack-view';
// suppressions and stack traits are shared vocabulary (modules add them, the pack reads them)
export * from '../vocabulary/suppressions';
export * from '../vocabulary/stack-traits';
export * from './apply';
export { ALL_RULES } from './rules';
export * from './gate';
export * from './config-secrets';
