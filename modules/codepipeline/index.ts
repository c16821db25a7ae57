export * from './pipeline-spec';
export { CODEDEPLOY_PREDEFINED_CONFIGS, UNSCOPABLE_ACTIONS } from './pipeline-grants';
export * from './pipeline-permissions';
export * from './pipeline-actions';
export * from './delivery-pipeline';
export * from './source-event-trigger';
export * from './source-connection';
export * from './source-connection-reference';
