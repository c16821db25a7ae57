export * from './actions';
export * from './permissions-boundary';
