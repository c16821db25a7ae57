export * from './cdktf';
export * from './sealable-stack';
export * from './suppressions';
export * from './stack-traits';
export * from './rule-id';
export * from './tags';
export * from './build-purposes';
export * from './retention';
