export * from './guardduty-detector';
