/**
 * Which CodeBuild environment (type and curated image) runs a compute type on an architecture. EC2 compute
 * runs the Amazon Linux standard image; Lambda compute (fast start, billed per second, for light jobs)
 * runs a runtime-specific Lambda image. arm64 (Graviton) costs less than x86_64 for the same work.
 */

export type BuildArchitecture = 'arm64' | 'x86_64';

/** Runtimes of CodeBuild's curated Lambda images. */
export type LambdaRuntime = 'nodejs20' | 'python3.12' | 'corretto21';

export interface BuildImage {
  /** `environment.type` of the project. */
  readonly type: 'ARM_CONTAINER' | 'LINUX_CONTAINER' | 'ARM_LAMBDA_CONTAINER' | 'LINUX_LAMBDA_CONTAINER';
  /** Curated image. */
  readonly image: string;
  /** Lambda compute: no privileged mode, no VPC, no local cache, no batch, no build or queue timeouts. */
  readonly lambda: boolean;
}

/** True for the Lambda compute types (`BUILD_LAMBDA_*`). */
export function isLambdaCompute(computeType: string): boolean {
  return computeType.startsWith('BUILD_LAMBDA_');
}

/** The environment type and image for `computeType` on `architecture`. */
export function buildImage(computeType: string, architecture: BuildArchitecture, lambdaRuntime: LambdaRuntime): BuildImage {
  if (isLambdaCompute(computeType)) {
    return architecture === 'arm64'
      ? { type: 'ARM_LAMBDA_CONTAINER', image: `aws/codebuild/amazonlinux-aarch64-lambda-standard:${lambdaRuntime}`, lambda: true }
      : { type: 'LINUX_LAMBDA_CONTAINER', image: `aws/codebuild/amazonlinux-x86_64-lambda-standard:${lambdaRuntime}`, lambda: true };
  }
  return architecture === 'arm64'
    ? { type: 'ARM_CONTAINER', image: 'aws/codebuild/amazonlinux-aarch64-standard:3.0', lambda: false }
    : { type: 'LINUX_CONTAINER', image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0', lambda: false };
}
