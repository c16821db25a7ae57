export * from './actions';
export * from './trust';
export * from './terraform-role';
export * from './plan-role';
export * from './management-actions';
export * from './terraform-boundary';
