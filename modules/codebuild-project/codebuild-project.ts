import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodebuildProject as AwsCodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import type { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import type { CodebuildWebhook } from '@cdktf/provider-aws/lib/codebuild-webhook';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../vocabulary/suppressions';
import type { CodeArtifactRepositoryReference } from '../codeartifact';
import { Construct, codebuildProjectArn, type ArtifactStoreReference } from '../core';
import { buildImage, type BuildArchitecture, type BuildImage, type LambdaRuntime } from './build-image';
import { renderBuildspec, type Buildspec, type BuildspecReport } from './buildspec';
import { completeBuildspec } from './project-buildspec';
import { artifactsConfig, cacheConfig, createReportGroups, pullRequestWebhook, sourceConfig, validateProjectProps } from './project-config';
import { createProjectRole } from './project-role';

export { codeArtifactLoginCommands } from './project-buildspec';

/** Where the project's source comes from. */
export type CodebuildProjectSource =
  | {
      readonly type: 'GITHUB';
      /** HTTPS clone URL of the repository. */
      readonly location: string;
      /**
       * ARN of the CodeConnections (CodeStar) connection to GitHub the project authenticates with (`source.auth`
       * of type CODECONNECTIONS; the role may use exactly this connection). @default the account's CodeBuild
       * source credential for GitHub
       */
      readonly connectionArn?: string;
      /** Commits fetched (0 = full history). @default 1 */
      readonly gitCloneDepth?: number;
      /** Build pull requests against `baseBranch` and report their status under `checkName`. @default no PR builds */
      readonly pullRequests?: {
        /** The status check name branch protection requires (modules/core/checks.ts). */
        readonly checkName: string;
        /** @default 'main' */
        readonly baseBranch?: string;
      };
    }
  | {
      readonly type: 'CODECOMMIT';
      /** HTTPS clone URL, `https://git-codecommit.<region>.amazonaws.com/v1/repos/<name>`. */
      readonly location: string;
      /** ARN of the repository: the role may `codecommit:GitPull` from it and nothing else. */
      readonly repositoryArn: string;
      /** Branch built when a build starts without a source version. @default the repository's default branch */
      readonly branch?: string;
      /** Commits fetched (0 = full history). @default 1 */
      readonly gitCloneDepth?: number;
    }
  | {
      readonly type: 'S3';
      /** The zip, as `<bucket>/<key>`. */
      readonly location: string;
      /** ARN of that object: the role may read it and nothing else outside its own prefix. */
      readonly objectArn: string;
    }
  /** Runs only inside a pipeline, which hands it its input artifacts. */
  | { readonly type: 'CODEPIPELINE' }
  /** No source at all: the buildspec is everything the build runs. */
  | { readonly type: 'NO_SOURCE' };

/** The CodeArtifact repository the build reads dependencies from, and the package manager that logs in to it. */
export interface CodebuildCodeArtifact {
  /** The repository (modules/codeartifact): the login names it, and the role gets its read grant. */
  readonly repository: CodeArtifactRepositoryReference;
  /** Package manager to log in. */
  readonly tool: 'npm' | 'pip' | 'maven';
}

export interface CodebuildVpc {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

export interface CodebuildReports {
  /** JUnit XML files. @default no test report group */
  readonly junit?: readonly string[];
  /** Coverage file and format. @default no coverage report group */
  readonly coverage?: { readonly file: string; readonly format: Exclude<BuildspecReport['file-format'], 'JUNITXML'> };
  /** Copy raw reports to the artifact store (`s3`, encrypted with the key) or not. @default 's3' */
  readonly export?: 's3' | 'none';
}

export interface CodebuildProjectProps {
  /** Project name (also names the report groups). */
  readonly projectName: string;
  /** Name of the project's own IAM role. */
  readonly roleName: string;
  readonly description: string;
  /** The account, region and partition the project lives in (ARNs of secrets, network interfaces, itself). */
  readonly accountId: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  readonly source: CodebuildProjectSource;
  /** The buildspec, typed; the project adds the CodeArtifact login, secrets, reports and batch shards to it. */
  readonly buildspec: Buildspec;
  /** CodeBuild compute type: `BUILD_GENERAL1_*` (EC2) or `BUILD_LAMBDA_*` (Lambda). */
  readonly computeType: string;
  /** @default 'arm64' */
  readonly architecture?: BuildArchitecture;
  /** Runtime of the Lambda image, used only with a Lambda compute type. @default 'nodejs20' */
  readonly lambdaRuntime?: LambdaRuntime;
  /** Run Docker (privileged mode). Requires `privilegedReason`. @default false */
  readonly privileged?: boolean;
  /** Why privileged mode is needed: recorded as the suppression of PLAT-CB-002 in the synth report. */
  readonly privilegedReason?: string;
  /** Log group name; it must fall under a prefix the key policy grants to CloudWatch Logs. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /**
   * The environment's artifact store; its customer managed key also encrypts the project's cache, logs and
   * reports (the log group's name must fall under a prefix the key policy grants to CloudWatch Logs).
   */
  readonly artifactStore: ArtifactStoreReference;
  /** The project's own prefix in the artifact store (no `/` at either end). */
  readonly artifactPrefix: string;
  /** `s3` (in the own prefix), `local` (source, custom and, with Docker, layer caches) or `none`. @default 's3' */
  readonly cache?: 's3' | 'local' | 'none';
  /** @default 60 */
  readonly buildTimeoutMinutes?: number;
  /** @default 120 */
  readonly queuedTimeoutMinutes?: number;
  /** @default 5 */
  readonly concurrentBuildLimit?: number;
  /** Run inside a VPC. @default none */
  readonly vpc?: CodebuildVpc;
  /** Report groups for test results and coverage. @default none */
  readonly reports?: CodebuildReports;
  /** Run as a batch of `shards` parallel builds (env SHARD_INDEX / SHARD_COUNT). @default a single build */
  readonly batch?: { readonly shards: number };
  /** Environment variable -> Secrets Manager secret NAME the build may read. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Read dependencies from this CodeArtifact repository. @default none */
  readonly codeArtifact?: CodebuildCodeArtifact;
  /**
   * Key prefixes of the artifact bucket where the pipelines that run this project keep their artifacts
   * (CodePipeline uses the first 20 characters of the pipeline name): the project reads its input
   * artifacts and writes its output artifacts there. @default none (not run by a pipeline)
   */
  readonly pipelineArtifactPrefixes?: readonly string[];
  /**
   * Roles the build assumes (e.g. the environment's deploy role, for an infrastructure apply): `sts:AssumeRole`
   * on exactly these ARNs. @default none
   */
  readonly assumeRoleArns?: readonly string[];
  /**
   * Pipelines whose state the build reads (`codepipeline:GetPipelineState`), e.g. an infrastructure apply asking
   * whether its stage runs as a rollback. @default none
   */
  readonly readsPipelineStateOf?: readonly string[];
  /**
   * The service's ECR repository (modules/ecr-repository): `IMAGE_REPOSITORY_URI` on the project, and the rights to
   * `push` its image there (the build) or `pull` it (the security scan of the pushed image), on that repository
   * only. @default none
   */
  readonly imageRepository?: CodebuildImageRepository;
  /**
   * The one Lambda function (its unqualified ARN) whose code the build deploys: update its code, publish a version,
   * read its alias (a Lambda release step before CodeDeploy). @default none
   */
  readonly lambdaFunctionArn?: string;
}

/** An ECR repository a project pushes to or pulls from. */
export interface CodebuildImageRepository {
  readonly arn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly uri: string;
  /** `push` (the build), `pull` (the scan of the pushed image), `tag` (the release tagger: a tag on an image there). */
  readonly access: 'push' | 'pull' | 'tag';
}

/**
 * One CodeBuild project with everything it owns: its IAM role (least privilege, project-role.ts), its log group
 * (retention, customer key), its report groups, and, for pull-request builds, its GitHub webhook. Every resource is
 * created on this construct (their ids are the addresses of the first release).
 */
export class CodebuildProject extends Construct {
  readonly project: AwsCodebuildProject;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly reportGroups: readonly CodebuildReportGroup[];
  readonly webhook?: CodebuildWebhook;
  /** Project name, as a reference. */
  readonly name: string;
  readonly arn: string;
  readonly roleArn: string;
  /** The buildspec as deployed (YAML). */
  readonly buildspecYaml: string;
  private readonly artifactStore: ArtifactStoreReference;

  constructor(scope: Construct, id: string, props: CodebuildProjectProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const image = buildImage(props.computeType, props.architecture ?? 'arm64', props.lambdaRuntime ?? 'nodejs20');
    validateProjectProps(props, image);

    this.artifactStore = props.artifactStore;
    const projectArn = codebuildProjectArn({ partition, region: props.region, accountId: props.accountId }, props.projectName);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.artifactStore.keyArn,
    });
    const reports = createReportGroups(this, props);
    this.reportGroups = reports.groups;
    const buildspec = completeBuildspec(props, reports.reports);
    this.buildspecYaml = renderBuildspec(buildspec);

    const { role, policy } = createProjectRole(this, props, {
      partition,
      projectArn,
      logGroupArn: this.logGroup.arn,
      reportGroupArns: this.reportGroups.map((g) => g.arn),
    });
    this.role = role;
    this.roleArn = this.role.arn;

    this.project = this.createProject(props, image, buildspec, policy);
    this.name = this.project.name;
    this.arn = this.project.arn;
    if (props.privileged ?? false) {
      suppress(this.project, 'PLAT-CB-002', props.privilegedReason as string);
    }
    if (props.source.type === 'GITHUB' && props.source.pullRequests !== undefined) {
      this.webhook = pullRequestWebhook(this, this.project.name, props.source.pullRequests.baseBranch ?? 'main', props.batch !== undefined);
    }
  }

  /**
   * Let the project read and write objects under `prefix` of the artifact store as well: a pipeline that runs
   * it keeps its input and output artifacts under its own prefix. `id` names the extra policy (kebab-case).
   */
  grantArtifactPrefix(id: string, prefix: string): IamRolePolicy {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`CodebuildProject ${this.node.path}: grant id "${id}" must be kebab-case`);
    if (!/^[^/*][^*]*[^/*]$/.test(prefix)) {
      throw new Error(`CodebuildProject ${this.node.path}: prefix "${prefix}" must not start or end with "/" or contain "*"`);
    }
    const document = new DataAwsIamPolicyDocument(this, `${id}-document`, {
      statement: [this.artifactStore.grantObjects('PipelineArtifacts', [prefix])],
    });
    return new IamRolePolicy(this, id, { name: id, role: this.role.id, policy: document.json });
  }

  /** The project itself (id `project`), created after its role's policy so the first build has its permissions. */
  private createProject(
    props: CodebuildProjectProps,
    image: BuildImage,
    buildspec: Buildspec,
    rolePolicy: IamRolePolicy,
  ): AwsCodebuildProject {
    const buildTimeoutMinutes = props.buildTimeoutMinutes ?? 60;
    return new AwsCodebuildProject(this, 'project', {
      name: props.projectName,
      description: props.description,
      serviceRole: this.role.arn,
      encryptionKey: props.artifactStore.keyArn,
      // Lambda compute has neither timeout: it stops builds after 15 minutes and never queues
      buildTimeout: image.lambda ? undefined : buildTimeoutMinutes,
      queuedTimeout: image.lambda ? undefined : (props.queuedTimeoutMinutes ?? 120),
      concurrentBuildLimit: props.concurrentBuildLimit ?? 5,
      environment: {
        type: image.type,
        image: image.image,
        computeType: props.computeType,
        imagePullCredentialsType: 'CODEBUILD',
        privilegedMode: props.privileged ?? false,
        environmentVariable:
          props.imageRepository === undefined
            ? undefined
            : [{ name: 'IMAGE_REPOSITORY_URI', value: props.imageRepository.uri, type: 'PLAINTEXT' }],
      },
      source: sourceConfig(props.source, this.buildspecYaml),
      sourceVersion:
        props.source.type === 'CODECOMMIT' && props.source.branch !== undefined ? `refs/heads/${props.source.branch}` : undefined,
      artifacts: artifactsConfig(props, buildspec),
      cache: cacheConfig(props),
      logsConfig: {
        cloudwatchLogs: { status: 'ENABLED', groupName: this.logGroup.name },
        s3Logs: { status: 'DISABLED' },
      },
      vpcConfig: props.vpc
        ? { vpcId: props.vpc.vpcId, subnets: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] }
        : undefined,
      buildBatchConfig: props.batch
        ? {
            serviceRole: this.role.arn,
            combineArtifacts: false,
            timeoutInMins: buildTimeoutMinutes,
            restrictions: { maximumBuildsAllowed: props.batch.shards, computeTypesAllowed: [props.computeType] },
          }
        : undefined,
      // the role's permissions must exist before the first build can use them
      dependsOn: [rolePolicy],
    });
  }
}
