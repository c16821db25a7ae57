export * from './event-route';
