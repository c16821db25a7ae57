// The resolved platform model: stacks import config types and every derived fact from here, never from environments/.
export * from '../environments';
export * from './config';
export * from './names';
export * from './platform-model';
export * from './pipelines';
export * from './approvals';
export * from './infrastructure';
export * from './source-control';
export * from './stack-groups';
export * from './service-source';
export * from './access-checks';
export * from './management-access';
export * from './package-checks';
export * from './state-access';
export * from './boundary-checks';
export * from './plan-environments';
