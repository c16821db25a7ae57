export * from './schema';
export * from './load';
export * from './source-control';
export * from './stack-groups';
export * from './pipelines';
export * from './infrastructure';
export * from './service-source';
export * from './access-checks';
