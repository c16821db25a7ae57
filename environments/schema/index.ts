export * from './common';
export * from './organisation';
export * from './environment';
export * from './service';
export * from './platform';
export * from './stack-groups';
