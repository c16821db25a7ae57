export * from './types';
export * from './deployment-config';
export * from './deployment-alarms';
export * from './codedeploy-role';
export * from './codedeploy-service';
