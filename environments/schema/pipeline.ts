import { z } from 'zod';
import { EnvironmentName, S3BucketName, IamRoleName } from './common';
import { InfrastructureSchema } from './infrastructure';

/**
 * How a service is shipped by CodePipeline: the pattern, where its source comes from, its test and
 * security actions, its deploy target, and the environments it runs in. Physical names of the CodeBuild
 * projects and CodeDeploy groups the pipeline drives are derived (modules/core/resource-names.ts).
 */

/** The four architecture patterns of the platform. */
export const PIPELINE_PATTERNS = ['basic', 'gated', 'infra-app', 'promotion'] as const;
export const PipelinePattern = z.enum(PIPELINE_PATTERNS);

const FilePathGlob = z.string().min(1).max(255);
const BranchName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s~^:?[\\]+$/, { error: 'must be a git branch name or glob (no spaces, ~ ^ : ? [ or \\)' });

/** A repository reached through a CodeStar (CodeConnections) connection. */
const ConnectionSourceSchema = z.strictObject({
  type: z.literal('connection'),
  /** The Git host. @default 'github' */
  provider: z.enum(['github', 'gitlab', 'bitbucket']).default('github'),
  /** `owner/name` of the repository. @default `<github.owner>/<service repository or name>` (GitHub only) */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._/-]+$/, { error: 'must be "owner/name"' })
    .optional(),
  /** Branch whose pushes start the pipeline. @default 'main' */
  branch: BranchName.default('main'),
  /** Only pushes touching these paths start the pipeline (globs). @default every path */
  includePaths: z.array(FilePathGlob).max(8).default([]),
  /** Pushes touching only these paths start nothing (globs). @default none */
  excludePaths: z.array(FilePathGlob).max(8).default([]),
});

/** A CodeCommit repository in the environment's account. */
const CodeCommitSourceSchema = z.strictObject({
  type: z.literal('codecommit'),
  /** Repository name. @default the service's repository or name */
  repository: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'must be a CodeCommit repository name' })
    .optional(),
  /** Branch whose pushes start the pipeline. @default 'main' */
  branch: BranchName.default('main'),
});

/** A zip uploaded to the environment's artifact store (e.g. a vendor drop): a new version starts the pipeline. */
const S3SourceSchema = z.strictObject({
  type: z.literal('s3'),
  /** Object key in the artifact store, e.g. `uploads/legacy-portal/release.zip`. */
  objectKey: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{1,512}\.zip$/, { error: 'must be an S3 object key ending in .zip' }),
});

export const PipelineSourceSchema = z.discriminatedUnion('type', [ConnectionSourceSchema, CodeCommitSourceSchema, S3SourceSchema]);

/** Test purposes that have a CodeBuild project of their own (vocabulary/build-purposes.ts). */
export const PIPELINE_TEST_PURPOSES = ['unit-test', 'integration-test'] as const;
const TestPurpose = z.enum(PIPELINE_TEST_PURPOSES);

/** One test action: the service's CodeBuild project of that purpose. */
export const PipelineTestSchema = z.strictObject({
  /** The purpose of the project the action runs. Integration tests also run in every later environment's Validate stage. */
  name: TestPurpose,
  /** Tests that must pass first; tests without dependencies run in parallel. @default [] */
  dependsOn: z.array(TestPurpose).default([]),
});

const ClusterName = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: 'must be a cluster name (letters, digits, "_" and "-")' });
const RepoPath = z.string().regex(/^[A-Za-z0-9._/-]{1,200}$/, { error: 'must be a relative path inside the artifact' });

/** Where the deploy stage ships the artifact. */
export const PipelineDeploySchema = z.discriminatedUnion('type', [
  /** CodeDeploy in-place or blue/green to EC2 instances (application and group from issue 5's naming). */
  z.strictObject({ type: z.literal('codedeploy-ec2') }),
  /** CodeDeploy blue/green to ECS (task definition and appspec templates in the artifact). */
  z.strictObject({
    type: z.literal('codedeploy-ecs'),
    /** Task definition template in the artifact. @default 'taskdef.json' */
    taskDefinitionPath: RepoPath.default('taskdef.json'),
    /** AppSpec template in the artifact. @default 'appspec.yaml' */
    appSpecPath: RepoPath.default('appspec.yaml'),
  }),
  /** CodeDeploy canary/linear traffic shifting of a Lambda alias (appspec in the artifact). */
  z.strictObject({ type: z.literal('codedeploy-lambda') }),
  /** ECS rolling update of a service from `imagedefinitions.json`. */
  z.strictObject({
    type: z.literal('ecs'),
    /** ECS cluster. @default `<prefix>-<env>` */
    cluster: ClusterName.optional(),
    /** ECS service. @default the service name */
    service: ClusterName.optional(),
    /** Image definitions file in the artifact. @default 'imagedefinitions.json' */
    imageDefinitionsFile: RepoPath.default('imagedefinitions.json'),
  }),
  /** An Elastic Beanstalk environment. */
  z.strictObject({
    type: z.literal('elastic-beanstalk'),
    /** Beanstalk application. @default the service name */
    application: z.string().min(1).max(100).optional(),
    /** Beanstalk environment. @default `<service>-<env>` */
    environment: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/, { error: 'must be 4-40 letters, digits or hyphens' })
      .optional(),
  }),
  /** A CloudFormation stack, through a reviewed change set. */
  z.strictObject({
    type: z.literal('cloudformation'),
    /** Stack name. @default `<prefix>-<env>-<service>` */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, { error: 'must be a CloudFormation stack name' })
      .optional(),
    /** Template in the artifact. @default 'template.yaml' */
    templatePath: RepoPath.default('template.yaml'),
    /** Role CloudFormation assumes to change the stack (exists in each environment's account). */
    executionRoleName: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,64}$/, { error: 'must be an IAM role name' }),
    /** Capabilities the template needs. @default ['CAPABILITY_IAM'] */
    capabilities: z.array(z.enum(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'])).default(['CAPABILITY_IAM']),
  }),
  /** Files extracted into an S3 bucket (a static site). */
  z.strictObject({
    type: z.literal('s3'),
    /** Target bucket. @default `<prefix>-<env>-<service>-<account id>` */
    bucketName: S3BucketName.optional(),
    /** Cache-Control header of every object. @default none */
    cacheControl: z.string().max(200).optional(),
  }),
  /** Kubernetes manifests (or a Helm chart) applied to an EKS cluster. */
  z.strictObject({
    type: z.literal('eks'),
    /** EKS cluster. @default `<prefix>-<env>` */
    cluster: ClusterName.optional(),
    /** Kubernetes namespace. @default the service name */
    namespace: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'must be a Kubernetes namespace name' })
      .optional(),
    /** Manifest files or folders in the artifact. @default ['k8s/'] */
    manifestFiles: z.array(RepoPath).min(1).default(['k8s/']),
    /**
     * IAM role of the cluster's nodes, per environment name: the principal that pulls the image there (the
     * service's ECR repository lets exactly these roles of the later environments pull). Required for every
     * environment the pipeline deploys to after the one that builds; the cluster's own, so never derived.
     */
    nodeRoleNames: z.record(z.string(), IamRoleName).default({}),
  }),
  /** Infrastructure only: CodeBuild projects `<prefix>-<env>-<service>-iac-plan` and `-iac-apply` run Terraform or CDKTF (schema/infrastructure.ts). */
  InfrastructureSchema.extend({ type: z.literal('infrastructure') }),
]);

export const PIPELINE_DEPLOY_TARGETS = [
  'codedeploy-ec2',
  'codedeploy-ecs',
  'codedeploy-lambda',
  'ecs',
  'elastic-beanstalk',
  'cloudformation',
  's3',
  'eks',
  'infrastructure',
] as const;

/** A switch that is on for every pipeline: `true`, or left out; `false` is refused with `why`. */
function AlwaysOn(why: string) {
  return z.literal(true, { error: `must be true or left out: ${why}` });
}

export const PipelineSchema = z.strictObject({
  /**
   * `basic`: Source, Build, Test, SecurityScan, Deploy (with its post-deploy check): the minimum shape of every
   * pipeline. `gated`: adds a manual Approval before the deploy. `infra-app`: plans and applies infrastructure
   * (Terraform/CDKTF through CodeBuild) before the app. `promotion`: builds once in the first environment; later
   * environments deploy that artifact. Every pattern scans before its first deploy and checks after each deploy.
   */
  pattern: PipelinePattern,
  /** Where the first environment's pipeline gets its source. @default a GitHub connection, branch main */
  source: PipelineSourceSchema.prefault({ type: 'connection' }),
  /** Test actions after the build. @default one `unit-test` */
  tests: z
    .array(PipelineTestSchema)
    .max(10)
    .prefault([{ name: 'unit-test' }]),
  /**
   * Every pipeline scans before its first deploy (`<service>-security-scan`), whatever its pattern: the field may
   * only be `true`, and may be left out.
   */
  securityScan: AlwaysOn('every pipeline scans its change before the first deploy (docs/deploy-targets.md)').optional(),
  /** Where the artifact is deployed. */
  deploy: PipelineDeploySchema,
  /**
   * Every deploy is followed, in its own stage, by the service's post-deploy check (`<service>-validate`, its
   * smoke tests), whose failure rolls the stage back: the field may only be `true`, and may be left out.
   */
  validate: AlwaysOn('every deploy is checked by the validate project, in the deploy stage (docs/deploy-targets.md)').optional(),
  /** Infrastructure the app needs, applied before it (pattern `infra-app`). */
  infrastructure: InfrastructureSchema.optional(),
  /**
   * Environments the service's pipeline runs in, in promotion order. `promotion` may name several
   * (@default every environment); the other patterns exactly one (@default the first environment).
   */
  environments: z.array(EnvironmentName).min(1).optional(),
  /** Link a reviewer opens from an approval (release notes, dashboard). @default the repository's commits */
  reviewUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
});

export type PipelineInput = z.input<typeof PipelineSchema>;
export type PipelineConfig = z.output<typeof PipelineSchema>;
export type PipelineDeployConfig = z.output<typeof PipelineDeploySchema>;
export type PipelineSourceConfig = z.output<typeof PipelineSourceSchema>;
