export * from './model';
export * from './diff';
export * from './render';
export * from './danger';
