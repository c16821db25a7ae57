import { artifactStoreReference, Testing } from '../../modules/core';
import { CodebuildProject, serviceBuildspec, type CodebuildProjectProps } from '../../modules/codebuild-project';

/** Props of a GitHub-sourced build project in dev, for the module's tests to vary one field at a time. */
export const CODEBUILD_BASE: CodebuildProjectProps = {
  projectName: 'acme-dev-svc-build',
  roleName: 'acme-dev-svc-build-cb',
  description: 'build of svc in dev',
  accountId: '222222222222',
  region: 'eu-west-1',
  source: { type: 'GITHUB', location: 'https://github.com/acme/svc.git' },
  buildspec: serviceBuildspec('build', { ecosystem: 'npm' }),
  computeType: 'BUILD_GENERAL1_SMALL',
  logGroupName: '/acme/dev/codebuild/acme-dev-svc-build',
  logRetentionDays: 14,
  artifactStore: artifactStoreReference({
    bucketName: 'artifacts',
    bucketArn: 'arn:aws:s3:::artifacts',
    keyArn: 'arn:aws:kms:eu-west-1:222222222222:key/k',
  }),
  artifactPrefix: 'codebuild/acme-dev-svc-build',
};

/** The parsed Terraform JSON of one CodebuildProject with `props` (over CODEBUILD_BASE). */
export function synthCodebuildProject(props: Partial<CodebuildProjectProps> = {}): Record<string, any> {
  return JSON.parse(Testing.synthScope((scope) => new CodebuildProject(scope, 'p', { ...CODEBUILD_BASE, ...props })));
}
