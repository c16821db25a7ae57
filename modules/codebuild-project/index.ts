export * from './build-image';
export * from './buildspec';
export * from './service-buildspecs';
export * from './codebuild-project';
export * from './infrastructure-buildspecs';
export * from './deploy-buildspecs';
export * from './security-scan-buildspecs';
export * from './image-release-buildspec';
