// the CDKTF runtime, imported in one place (vocabulary/cdktf.ts)
export * from '../../vocabulary/cdktf';
export * from './naming';
export * from './arn';
export * from './checks';
export * from './github-variables';
export * from './build-naming';
export * from './resource-names';
export * from '../../vocabulary/text-table';
export * from './service-resources';
export * from './boundary-catalogue';
export * from './boundary-document';
export * from './artifact-store';
