import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodebuildProject as AwsCodebuildProject, type CodebuildProjectConfig } from '@cdktf/provider-aws/lib/codebuild-project';
import { CodebuildReportGroup } from '@cdktf/provider-aws/lib/codebuild-report-group';
import { CodebuildWebhook } from '@cdktf/provider-aws/lib/codebuild-webhook';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { suppress } from '../../policies/suppressions';
import { Construct } from '../core';
import { buildImage, type BuildArchitecture, type LambdaRuntime } from './build-image';
import { renderBuildspec, type Buildspec, type BuildspecReport } from './buildspec';

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

/** The CodeArtifact repository the build reads dependencies from. */
export interface CodebuildCodeArtifact {
  readonly domain: string;
  /** Account that owns the domain. */
  readonly domainOwner: string;
  readonly region: string;
  readonly repository: string;
  readonly domainArn: string;
  readonly repositoryArn: string;
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
  /** Customer managed key for artifacts, cache, logs and reports. */
  readonly kmsKeyArn: string;
  /** Log group name; it must fall under a prefix the key policy grants to CloudWatch Logs. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** The artifact store (bucket ARN and name) and the project's own prefix in it (no trailing slash). */
  readonly artifactBucketArn: string;
  readonly artifactBucketName: string;
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
}

const PULL_REQUEST_EVENTS = 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Commands that log the package manager in to CodeArtifact (a 12-hour token, never stored). */
export function codeArtifactLoginCommands(ca: CodebuildCodeArtifact): string[] {
  const where = `--domain ${ca.domain} --domain-owner ${ca.domainOwner} --region ${ca.region}`;
  if (ca.tool === 'maven') {
    // Maven has no `login`: settings.xml reads the token and URL from these variables.
    return [
      `export CODEARTIFACT_AUTH_TOKEN="$(aws codeartifact get-authorization-token ${where} --query authorizationToken --output text)"`,
      `export CODEARTIFACT_REPOSITORY_URL="$(aws codeartifact get-repository-endpoint ${where} --repository ${ca.repository} --format maven --query repositoryEndpoint --output text)"`,
    ];
  }
  return [`aws codeartifact login --tool ${ca.tool} ${where} --repository ${ca.repository}`];
}

/**
 * One CodeBuild project with everything it owns: its IAM role (least privilege), its log group (retention,
 * customer key), its report groups, and, for pull-request builds, its GitHub webhook.
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
  private readonly artifactBucketArn: string;

  constructor(scope: Construct, id: string, props: CodebuildProjectProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const architecture = props.architecture ?? 'arm64';
    const lambdaRuntime = props.lambdaRuntime ?? 'nodejs20';
    const privileged = props.privileged ?? false;
    const cacheMode = props.cache ?? 's3';
    const buildTimeoutMinutes = props.buildTimeoutMinutes ?? 60;
    const queuedTimeoutMinutes = props.queuedTimeoutMinutes ?? 120;
    const concurrentBuildLimit = props.concurrentBuildLimit ?? 5;
    const reportExport = props.reports?.export ?? 's3';
    const image = buildImage(props.computeType, architecture, lambdaRuntime);
    const where = `CodebuildProject ${props.projectName}`;

    if (privileged && (props.privilegedReason ?? '').trim().length < 20) {
      throw new Error(`${where}: privileged mode needs privilegedReason, at least 20 characters saying why Docker is needed`);
    }
    if (image.lambda) {
      const unsupported = [
        privileged && 'privileged mode (Docker)',
        props.vpc && 'a VPC',
        cacheMode === 'local' && 'local caching',
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

    this.artifactBucketArn = props.artifactBucketArn;
    const projectArn = `arn:${partition}:codebuild:${props.region}:${props.accountId}:project/${props.projectName}`;
    const prefixArn = `${props.artifactBucketArn}/${props.artifactPrefix}/*`;

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    // report groups: created here so the role can be scoped to them and the buildspec can name them by ARN
    const reportTargets: { id: string; type: 'TEST' | 'CODE_COVERAGE'; report: BuildspecReport }[] = [];
    if (props.reports?.junit !== undefined) {
      reportTargets.push({ id: 'tests', type: 'TEST', report: { files: [...props.reports.junit], 'file-format': 'JUNITXML' } });
    }
    if (props.reports?.coverage !== undefined) {
      const { file, format } = props.reports.coverage;
      reportTargets.push({ id: 'coverage', type: 'CODE_COVERAGE', report: { files: [file], 'file-format': format } });
    }
    const reportEntries: [string, BuildspecReport][] = [];
    this.reportGroups = reportTargets.map((target) => {
      const group = new CodebuildReportGroup(this, `report-${target.id}`, {
        name: `${props.projectName}-${target.id}`,
        type: target.type,
        deleteReports: true,
        exportConfig:
          reportExport === 's3'
            ? {
                type: 'S3',
                s3Destination: {
                  bucket: props.artifactBucketName,
                  path: `${props.artifactPrefix}/reports`,
                  encryptionKey: props.kmsKeyArn,
                  encryptionDisabled: false,
                  packaging: 'NONE',
                },
              }
            : { type: 'NO_EXPORT' },
      });
      reportEntries.push([group.arn, target.report]);
      return group;
    });

    const buildspec = this.completeBuildspec(props, Object.fromEntries(reportEntries));
    this.buildspecYaml = renderBuildspec(buildspec);

    const assume = new DataAwsIamPolicyDocument(this, 'assume-role', {
      statement: [
        {
          sid: 'CodeBuildAssumesForThisProjectOnly',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['codebuild.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.accountId] },
            { test: 'ArnLike', variable: 'aws:SourceArn', values: [projectArn] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Runs the CodeBuild project ${props.projectName}`,
      assumeRolePolicy: assume.json,
      maxSessionDuration: 3600,
    });
    this.roleArn = this.role.arn;

    const statements = this.policyStatements(props, { partition, projectArn, prefixArn });
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    if (props.vpc) {
      suppress(
        policy,
        'PLAT-IAM-003',
        'CodeBuild in a VPC: AWS documents ec2:CreateNetworkInterface and ec2:DeleteNetworkInterface on "*" for the service role; ' +
          'both could be scoped to the network-interface, subnet and security-group ARNs of the VPC (a follow-up for this module)',
      );
    }
    const rolePolicy = new IamRolePolicy(this, 'policy', { name: 'least-privilege', role: this.role.id, policy: policy.json });

    const environment: CodebuildProjectConfig['environment'] = {
      type: image.type,
      image: image.image,
      computeType: props.computeType,
      imagePullCredentialsType: 'CODEBUILD',
      privilegedMode: privileged,
    };

    this.project = new AwsCodebuildProject(this, 'project', {
      name: props.projectName,
      description: props.description,
      serviceRole: this.role.arn,
      encryptionKey: props.kmsKeyArn,
      // Lambda compute has neither timeout: it stops builds after 15 minutes and never queues
      buildTimeout: image.lambda ? undefined : buildTimeoutMinutes,
      queuedTimeout: image.lambda ? undefined : queuedTimeoutMinutes,
      concurrentBuildLimit,
      environment,
      source: this.sourceConfig(props.source),
      sourceVersion:
        props.source.type === 'CODECOMMIT' && props.source.branch !== undefined ? `refs/heads/${props.source.branch}` : undefined,
      artifacts: this.artifacts(props, buildspec),
      cache: this.cache(props, cacheMode, privileged),
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
    this.name = this.project.name;
    this.arn = this.project.arn;

    if (privileged) {
      suppress(this.project, 'PLAT-CB-002', props.privilegedReason as string);
    }

    if (props.source.type === 'GITHUB' && props.source.pullRequests !== undefined) {
      const baseBranch = props.source.pullRequests.baseBranch ?? 'main';
      this.webhook = new CodebuildWebhook(this, 'webhook', {
        projectName: this.project.name,
        buildType: props.batch ? 'BUILD_BATCH' : 'BUILD',
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
      statement: [
        {
          sid: 'PipelineArtifacts',
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
          resources: [`${this.artifactBucketArn}/${prefix}/*`],
        },
      ],
    });
    return new IamRolePolicy(this, id, { name: id, role: this.role.id, policy: document.json });
  }

  /** The project's source block: the buildspec inline, and GitHub status reporting for pull-request builds only. */
  private sourceConfig(source: CodebuildProjectSource): CodebuildProjectConfig['source'] {
    const buildspec = this.buildspecYaml;
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

  /** The caller's buildspec plus what the project owns: secrets, CodeArtifact login, reports, batch shards. */
  private completeBuildspec(props: CodebuildProjectProps, reports: Record<string, BuildspecReport>): Buildspec {
    const spec = props.buildspec;
    const secrets = props.secrets ?? {};
    const login = props.codeArtifact ? codeArtifactLoginCommands(props.codeArtifact) : [];
    const install = spec.phases.install;
    const phases = {
      ...spec.phases,
      // the login runs first: every later command installs through CodeArtifact
      install: login.length > 0 || install ? { ...install, commands: [...login, ...(install?.commands ?? [])] } : undefined,
    };
    const env =
      spec.env || Object.keys(secrets).length > 0
        ? {
            ...spec.env,
            'secrets-manager':
              Object.keys(secrets).length > 0 ? { ...spec.env?.['secrets-manager'], ...secrets } : spec.env?.['secrets-manager'],
          }
        : undefined;
    const batch = props.batch
      ? {
          'fast-fail': false,
          'build-list': Array.from({ length: props.batch.shards }, (_, i) => ({
            identifier: `shard_${i + 1}`,
            env: { variables: { SHARD_INDEX: String(i + 1), SHARD_COUNT: String(props.batch?.shards) } },
          })),
        }
      : spec.batch;
    // undefined fields are left out of the YAML (the serializer's default)
    return {
      ...spec,
      env,
      phases,
      reports: Object.keys(reports).length > 0 ? { ...spec.reports, ...reports } : spec.reports,
      batch,
    };
  }

  private artifacts(props: CodebuildProjectProps, spec: Buildspec): CodebuildProjectConfig['artifacts'] {
    if (props.source.type === 'CODEPIPELINE') return { type: 'CODEPIPELINE' };
    if (spec.artifacts === undefined) return { type: 'NO_ARTIFACTS' };
    return {
      type: 'S3',
      location: props.artifactBucketName,
      path: props.artifactPrefix,
      name: 'output.zip',
      namespaceType: 'BUILD_ID',
      packaging: 'ZIP',
      encryptionDisabled: false,
    };
  }

  private cache(props: CodebuildProjectProps, mode: 's3' | 'local' | 'none', privileged: boolean): CodebuildProjectConfig['cache'] {
    if (mode === 'none') return { type: 'NO_CACHE' };
    if (mode === 's3') return { type: 'S3', location: `${props.artifactBucketName}/${props.artifactPrefix}/cache` };
    return {
      type: 'LOCAL',
      modes: ['LOCAL_SOURCE_CACHE', 'LOCAL_CUSTOM_CACHE', ...(privileged ? ['LOCAL_DOCKER_LAYER_CACHE'] : [])],
    };
  }

  /** The role's permissions, statement by statement; no wildcard action, `*` resources only where AWS has nothing narrower. */
  private policyStatements(
    props: CodebuildProjectProps,
    at: { partition: string; projectArn: string; prefixArn: string },
  ): DataAwsIamPolicyDocumentStatement[] {
    const { partition, projectArn, prefixArn } = at;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'WriteOwnLogs',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
      },
      {
        sid: 'OwnArtifactPrefix',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [prefixArn],
      },
      {
        sid: 'ArtifactBucketLocation',
        effect: 'Allow',
        actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'],
        resources: [props.artifactBucketArn],
      },
      {
        sid: 'UseEnvironmentKey',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [props.kmsKeyArn],
      },
    ];
    if (this.reportGroups.length > 0) {
      statements.push({
        sid: 'WriteOwnReports',
        effect: 'Allow',
        actions: ['codebuild:BatchPutCodeCoverages', 'codebuild:BatchPutTestCases', 'codebuild:CreateReport', 'codebuild:UpdateReport'],
        resources: this.reportGroups.map((g) => g.arn),
      });
    }
    const secretNames = Object.values(props.secrets ?? {});
    if (secretNames.length > 0) {
      statements.push({
        sid: 'ReadNamedSecrets',
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        // Secrets Manager appends six random characters to a secret's ARN: `-??????` matches exactly those
        resources: [...new Set(secretNames)]
          .sort()
          .map((name) => `arn:${partition}:secretsmanager:${props.region}:${props.accountId}:secret:${name}-??????`),
      });
    }
    if (props.codeArtifact) {
      statements.push(
        {
          sid: 'CodeArtifactToken',
          effect: 'Allow',
          actions: ['codeartifact:GetAuthorizationToken'],
          resources: [props.codeArtifact.domainArn],
        },
        {
          sid: 'CodeArtifactRead',
          effect: 'Allow',
          actions: ['codeartifact:GetRepositoryEndpoint', 'codeartifact:ReadFromRepository'],
          resources: [props.codeArtifact.repositoryArn],
        },
        {
          sid: 'CodeArtifactBearerToken',
          effect: 'Allow',
          actions: ['sts:GetServiceBearerToken'],
          // sts:GetServiceBearerToken has no resource type: IAM accepts only "*"; the condition narrows it to CodeArtifact
          resources: ['*'],
          condition: [{ test: 'StringEquals', variable: 'sts:AWSServiceName', values: ['codeartifact.amazonaws.com'] }],
        },
      );
    }
    if (props.vpc) {
      statements.push(
        {
          sid: 'VpcNetworkInterfaces',
          effect: 'Allow',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DeleteNetworkInterface',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeSubnets',
            'ec2:DescribeVpcs',
          ],
          // these EC2 actions support no resource-level permissions: IAM accepts only "*"
          resources: ['*'],
        },
        {
          sid: 'VpcNetworkInterfacePermission',
          effect: 'Allow',
          actions: ['ec2:CreateNetworkInterfacePermission'],
          resources: [`arn:${partition}:ec2:${props.region}:${props.accountId}:network-interface/*`],
          condition: [
            { test: 'StringEquals', variable: 'ec2:AuthorizedService', values: ['codebuild.amazonaws.com'] },
            {
              test: 'ArnEquals',
              variable: 'ec2:Subnet',
              values: props.vpc.subnetIds.map((s) => `arn:${partition}:ec2:${props.region}:${props.accountId}:subnet/${s}`),
            },
          ],
        },
      );
    }
    const pipelinePrefixes = props.pipelineArtifactPrefixes ?? [];
    if (pipelinePrefixes.length > 0) {
      statements.push({
        sid: 'PipelineArtifacts',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        resources: [...new Set(pipelinePrefixes)].sort().map((prefix) => `${props.artifactBucketArn}/${prefix}/*`),
      });
    }
    if (props.source.type === 'CODECOMMIT') {
      statements.push({ sid: 'PullOwnSource', effect: 'Allow', actions: ['codecommit:GitPull'], resources: [props.source.repositoryArn] });
    }
    if (props.source.type === 'GITHUB' && props.source.connectionArn !== undefined) {
      statements.push({
        sid: 'UseSourceConnection',
        effect: 'Allow',
        // what CodeBuild's documentation asks of the project role for a GitHub App connection (it reads the
        // connection and fetches the tokens it vends, to clone and to manage the webhook), under the prefix of
        // aws_codestarconnections_connection's ARNs: IAM needs the action prefix to match the resource's
        actions: ['codestar-connections:GetConnection', 'codestar-connections:GetConnectionToken'],
        resources: [props.source.connectionArn],
      });
    }
    if (props.source.type === 'S3') {
      statements.push({
        sid: 'ReadOwnSource',
        effect: 'Allow',
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.source.objectArn],
      });
    }
    const assumable = [...new Set(props.assumeRoleArns ?? [])].sort();
    if (assumable.length > 0) {
      statements.push({ sid: 'AssumeNamedRoles', effect: 'Allow', actions: ['sts:AssumeRole'], resources: assumable });
    }
    if (props.batch) {
      statements.push({
        sid: 'RunOwnBatch',
        effect: 'Allow',
        actions: ['codebuild:RetryBuild', 'codebuild:StartBuild', 'codebuild:StopBuild'],
        resources: [projectArn],
      });
    }
    return statements;
  }
}
