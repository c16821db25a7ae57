export * from './rule';
export * from './report';
export * from './aspect';
export * from './stack-view';
export * from './suppressions';
export * from './stack-traits';
export * from './apply';
export { ALL_RULES } from './rules';
