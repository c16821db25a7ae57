import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/**
 * The plain description of a pipeline a `DeliveryPipeline` builds: stages of typed actions, each naming
 * the concrete resources it drives (projects, deployment groups, buckets, clusters). The pipeline role
 * is derived from exactly these names.
 */

interface ActionBase {
  /** Action name, unique within its stage. */
  readonly name: string;
  /** Actions of one stage with the same run order run in parallel. @default 1 */
  readonly runOrder?: number;
}

/** A Git repository through a CodeStar (CodeConnections) connection, started by a V2 push trigger. */
export interface ConnectionSourceAction extends ActionBase {
  readonly kind: 'connection-source';
  readonly connectionArn: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly branch: string;
  /** Only pushes touching these globs start the pipeline. @default every path */
  readonly includePaths?: readonly string[];
  /** Pushes touching only these globs start nothing. @default none */
  readonly excludePaths?: readonly string[];
  readonly output: string;
}

/** A CodeCommit repository in the pipeline's account, started by an EventBridge rule. */
export interface CodeCommitSourceAction extends ActionBase {
  readonly kind: 'codecommit-source';
  readonly repositoryName: string;
  readonly branch: string;
  readonly output: string;
}

/** One versioned S3 object (e.g. a promoted artifact), started by an EventBridge rule on its upload. */
export interface S3SourceAction extends ActionBase {
  readonly kind: 's3-source';
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly objectKey: string;
  readonly output: string;
}

/** A CodeBuild project (build, tests, scans, validation, Terraform/CDKTF). */
export interface CodeBuildAction extends ActionBase {
  readonly kind: 'codebuild';
  readonly projectName: string;
  /** The project's ARN. @default built from `projectName` and the pipeline's account and region */
  readonly projectArn?: string;
  /** Input artifacts; the first is the primary source. */
  readonly inputs: readonly string[];
  /** @default none */
  readonly outputs?: readonly string[];
  /** `Build` or `Test` (CodePipeline action category). @default 'Build' */
  readonly category?: 'Build' | 'Test';
  /** Run the project as a batch build (its buildspec's `batch` build list, e.g. test shards). @default false */
  readonly batch?: boolean;
  /** Plain-text variables of this run, over the project's (`EnvironmentVariables`; never a secret). @default none */
  readonly environmentVariables?: Readonly<Record<string, string>>;
}

/** A manual approval announced on an SNS topic. */
export interface ApprovalAction extends ActionBase {
  readonly kind: 'approval';
  readonly topicArn: string;
  /** What the reviewer is asked to check. */
  readonly message: string;
  /** Link the reviewer opens. */
  readonly reviewUrl: string;
}

/** CodeDeploy compute platforms and the deployment configurations AWS predefines for each. */
export type CodeDeployPlatform = 'Server' | 'ECS' | 'Lambda';

interface CodeDeployTarget {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly platform: CodeDeployPlatform;
  /** Custom deployment configurations the group may use, beside AWS's predefined ones. @default none */
  readonly customDeploymentConfigNames?: readonly string[];
  /**
   * The statements a deployer needs, as the owner of the application and group states them (scoped to its
   * exact group and configuration). When given, they replace the statements derived from the names.
   * @default derived from the names
   */
  readonly deployerStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  readonly input: string;
}

/** CodeDeploy to EC2 instances or a Lambda alias (appspec in the artifact). */
export interface CodeDeployAction extends ActionBase, CodeDeployTarget {
  readonly kind: 'codedeploy';
}

/** CodeDeploy blue/green to ECS (`CodeDeployToECS`). */
export interface CodeDeployEcsAction extends ActionBase, CodeDeployTarget {
  readonly kind: 'codedeploy-ecs';
  readonly taskDefinitionPath: string;
  readonly appSpecPath: string;
  /** Task and task execution roles the new task definition names (passed to ECS). */
  readonly passRoleArns: readonly string[];
}

/** ECS rolling update from `imagedefinitions.json`. */
export interface EcsAction extends ActionBase {
  readonly kind: 'ecs';
  readonly cluster: string;
  readonly service: string;
  readonly imageDefinitionsFile: string;
  /** Task and task execution roles of the service's task definition (passed to ECS). */
  readonly passRoleArns: readonly string[];
  readonly input: string;
}

/** An Elastic Beanstalk environment. */
export interface ElasticBeanstalkAction extends ActionBase {
  readonly kind: 'elastic-beanstalk';
  readonly application: string;
  readonly environment: string;
  readonly input: string;
}

/** A CloudFormation stack through a change set: two actions, create then execute. */
export interface CloudFormationAction extends ActionBase {
  readonly kind: 'cloudformation';
  readonly stackName: string;
  readonly templatePath: string;
  /** Template configuration (parameters, tags) in the artifact. @default none */
  readonly templateConfigurationPath?: string;
  readonly capabilities: readonly string[];
  /** Role CloudFormation assumes to change the stack. */
  readonly executionRoleArn: string;
  readonly input: string;
}

/** Files to an S3 bucket: extracted (a site) or as one object (a promotion hand-off). */
export interface S3DeployAction extends ActionBase {
  readonly kind: 's3-deploy';
  readonly bucketName: string;
  readonly extract: boolean;
  /** Object key when not extracting. */
  readonly objectKey?: string;
  /** @default none */
  readonly cacheControl?: string;
  /**
   * ARN of the alias of the key that encrypts the target bucket, when it is another account's key whose
   * id this stack cannot know (`arn:<p>:kms:<region>:<account>:alias/<name>`). @default the bucket's default
   */
  readonly kmsKeyAliasArn?: string;
  readonly input: string;
}

/** Kubernetes manifests applied to an EKS cluster. */
export interface EksAction extends ActionBase {
  readonly kind: 'eks';
  readonly cluster: string;
  readonly namespace: string;
  readonly manifestFiles: readonly string[];
  readonly input: string;
}

export type PipelineActionSpec =
  | ConnectionSourceAction
  | CodeCommitSourceAction
  | S3SourceAction
  | CodeBuildAction
  | ApprovalAction
  | CodeDeployAction
  | CodeDeployEcsAction
  | EcsAction
  | ElasticBeanstalkAction
  | CloudFormationAction
  | S3DeployAction
  | EksAction;

export interface PipelineStageSpec {
  /** Stage name, unique within the pipeline (e.g. `Deploy`). */
  readonly name: string;
  readonly actions: readonly PipelineActionSpec[];
  /** Roll the stage back to the last successful execution's artifacts when it fails. @default false */
  readonly rollbackOnFailure?: boolean;
}

/** Where the ARNs the pipeline role names live. */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const SOURCE_KINDS: ReadonlySet<PipelineActionSpec['kind']> = new Set(['connection-source', 'codecommit-source', 's3-source']);
