export * from './secret';
