import type { CodebuildProjectConfig } from '@cdktf/provider-aws/lib/codebuild-project';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { CodebuildWebhook } from '@cdktf/provider-aws/lib/codebuild-webhook';
import type { Construct } from '../core';
import type { BuildImage } from './build-image';
import type { Buildspec, BuildspecReport } from './buildspec';
import type { CodebuildProjectProps, CodebuildProjectSource } from './codebuild-project';

/** Fail early on props CodeBuild would refuse (or that would be unsafe), naming the project and the fix. */
export function validateProjectProps(props: CodebuildProjectProps, image: BuildImage): void {
  const where = `CodebuildProject ${props.projectName}`;
  const privileged = props.privileged ?? false;
  if (privileged && (props.privilegedReason ?? '').trim().length < 20) {
    throw new Error(`${where}: privileged mode needs privilegedReason, at least 20 characters saying why Docker is needed`);
  }
  if (image.lambda) {
    const unsupported = [
      privileged && 'privileged mode (Docker)',
      props.vpc && 'a VPC',
      (props.cache ?? 's3') === 'local' && 'local caching',
      props.batch && 'batch builds',
    ].filter((x): x is string => typeof x === 'string');
    if (unsupported.length > 0) {
      throw new Error(
        `${where}: Lambda compute (${props.computeType}) does not support ${unsupported.join(', ')}; use a BUILD_GENERAL1_* compute type`,
      );
    }
  }
  if (props.batch && (props.batch.shards < 2 || props.batch.shards > 100)) {
    throw new Error(`${where}: batch.shards must be 2-100 (got ${props.batch.shards})`);
  }
  if (!/^[^/].*[^/]$/.test(props.artifactPrefix)) {
    throw new Error(`${where}: artifactPrefix must not start or end with "/" (got "${props.artifactPrefix}")`);
  }
}

/**
 * The project's report groups (test results, coverage), created on `scope` (ids `report-tests`, `report-coverage`)
 * so the role can be scoped to them; with the buildspec's `reports` entries that name them by ARN.
 */
export function createReportGroups(
  scope: Construct,
  props: CodebuildProjectProps,
): { groups: CodebuildReportGroup[]; reports: Record<string, BuildspecReport> } {
  const targets: { id: string; type: 'TEST' | 'CODE_COVERAGE'; report: BuildspecReport }[] = [];
  if (props.reports?.junit !== undefined) {
    targets.push({ id: 'tests', type: 'TEST', report: { files: [...props.reports.junit], 'file-format': 'JUNITXML' } });
  }
  if (props.reports?.coverage !== undefined) {
    const { file, format } = props.reports.coverage;
    targets.push({ id: 'coverage', type: 'CODE_COVERAGE', report: { files: [file], 'file-format': format } });
  }
  const exportTo = props.reports?.export ?? 's3';
  const reports: [string, BuildspecReport][] = [];
  const groups = targets.map((target) => {
    const group = new CodebuildReportGroup(scope, `report-${target.id}`, {
      name: `${props.projectName}-${target.id}`,
      type: target.type,
      deleteReports: true,
      exportConfig:
        exportTo === 's3'
          ? {
              type: 'S3',
              s3Destination: {
                bucket: props.artifactStore.bucketName,
                path: `${props.artifactPrefix}/reports`,
                encryptionKey: props.artifactStore.keyArn,
                encryptionDisabled: false,
                packaging: 'NONE',
              },
            }
          : { type: 'NO_EXPORT' },
    });
    reports.push([group.arn, target.report]);
    return group;
  });
  return { groups, reports: Object.fromEntries(reports) };
}

/** The project's source block: the buildspec inline, and GitHub status reporting for pull-request builds only. */
export function sourceConfig(source: CodebuildProjectSource, buildspec: string): CodebuildProjectConfig['source'] {
  switch (source.type) {
    case 'GITHUB':
      return {
        type: 'GITHUB',
        location: source.location,
        gitCloneDepth: source.gitCloneDepth ?? 1,
        buildspec,
        // the GitHub App behind the connection: no token in the project, the state or the account's credentials
        auth: source.connectionArn === undefined ? undefined : { type: 'CODECONNECTIONS', resource: source.connectionArn },
        reportBuildStatus: source.pullRequests !== undefined,
        buildStatusConfig: source.pullRequests ? { context: source.pullRequests.checkName } : undefined,
      };
    case 'CODECOMMIT':
      return { type: 'CODECOMMIT', location: source.location, gitCloneDepth: source.gitCloneDepth ?? 1, buildspec };
    case 'S3':
      return { type: 'S3', location: source.location, buildspec };
    case 'CODEPIPELINE':
    case 'NO_SOURCE':
      return { type: source.type, buildspec };
  }
}

export function artifactsConfig(props: CodebuildProjectProps, spec: Buildspec): CodebuildProjectConfig['artifacts'] {
  if (props.source.type === 'CODEPIPELINE') return { type: 'CODEPIPELINE' };
  if (spec.artifacts === undefined) return { type: 'NO_ARTIFACTS' };
  return {
    type: 'S3',
    location: props.artifactStore.bucketName,
    path: props.artifactPrefix,
    name: 'output.zip',
    namespaceType: 'BUILD_ID',
    packaging: 'ZIP',
    encryptionDisabled: false,
  };
}

export function cacheConfig(props: CodebuildProjectProps): CodebuildProjectConfig['cache'] {
  const mode = props.cache ?? 's3';
  if (mode === 'none') return { type: 'NO_CACHE' };
  if (mode === 's3') return { type: 'S3', location: `${props.artifactStore.bucketName}/${props.artifactPrefix}/cache` };
  return {
    type: 'LOCAL',
    modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE', ...((props.privileged ?? false) ? ['LOCAL_DOCKER_LAYER_CACHE'] : [])],
  };
}

const PULL_REQUEST_EVENTS = 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The GitHub webhook of a project that builds pull requests against `baseBranch` (id `webhook` on `scope`). */
export function pullRequestWebhook(scope: Construct, projectName: string, baseBranch: string, batch: boolean): CodebuildWebhook {
  return new CodebuildWebhook(scope, 'webhook', {
    projectName,
    buildType: batch ? 'BUILD_BATCH' : 'BUILD',
    filterGroup: [
      {
        filter: [
          { type: 'EVENT', pattern: PULL_REQUEST_EVENTS },
          { type: 'BASE_REF', pattern: `^refs/heads/${escapeRegex(baseBranch)}$` },
        ],
      },
    ],
    // a pull request from a fork runs only after a maintainer comments: fork code never gets the role unasked
    pullRequestBuildPolicy: {
      requiresCommentApproval: 'FORK_PULL_REQUESTS',
      approverRoles: ['GITHUB_ADMIN', 'GITHUB_MAINTAIN', 'GITHUB_WRITE'],
    },
  });
}
