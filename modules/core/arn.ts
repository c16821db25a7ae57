/**
 * ARNs, built in one place. Every ARN the platform computes before the resource exists (cross-account
 * principals, resources of policies, references by name) goes through `formatArn`, so its shape is written once.
 */

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnComponents {
  readonly partition: string;
  /** The service namespace, e.g. `iam`, `s3`, `codebuild`. */
  readonly service: string;
  /** @default '' (global services: IAM, S3) */
  readonly region?: string;
  /** @default '' (S3 buckets, AWS managed policies) */
  readonly account?: string;
  /** The resource part, with its type and separator, e.g. `role/<name>`, `project/<name>`, `secret:<name>-??????`. */
  readonly resource: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, the counterpart of the AWS CDK's `Stack.formatArn`. */
export function formatArn(arn: ArnComponents): string {
  return ['arn', arn.partition, arn.service, arn.region ?? '', arn.account ?? '', arn.resource].join(':');
}

/** Where a regional resource lives: its partition, region and account. */
export interface AccountRegion {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * ARN of a regional resource of an account (`arn:<partition>:<service>:<region>:<account>:<resource>`), for a
 * service without a helper of its own; `resource` carries its type and separator, e.g. `deploymentgroup:<name>`.
 */
export function regionalArn(at: AccountRegion, service: string, resource: string): string {
  return formatArn({ partition: at.partition, service, region: at.region, account: at.accountId, resource });
}

/** ARN of an IAM role (no path) in `accountId`. */
export function iamRoleArn(partition: string, accountId: string, roleName: string): string {
  return formatArn({ partition, service: 'iam', account: accountId, resource: `role/${roleName}` });
}

/** ARN of a customer managed IAM policy (no path) of `accountId`. */
export function iamPolicyArn(partition: string, accountId: string, policyName: string): string {
  return formatArn({ partition, service: 'iam', account: accountId, resource: `policy/${policyName}` });
}

/** ARN of an account's root principal, used where a resource policy must name "this account". */
export function accountRootArn(partition: string, accountId: string): string {
  return formatArn({ partition, service: 'iam', account: accountId, resource: 'root' });
}

/** ARN of an S3 bucket (or, with `key`, of objects in it: a key or a pattern). */
export function s3Arn(partition: string, bucketName: string, key?: string): string {
  return formatArn({ partition, service: 's3', resource: key === undefined ? bucketName : `${bucketName}/${key}` });
}

/** Where a CodeArtifact domain lives. */
type CodeArtifactAt = AccountRegion & { readonly domain: string };

const codeArtifactArn = (at: CodeArtifactAt, resource: string) => regionalArn(at, 'codeartifact', resource);

/** ARN of a CodeArtifact domain. */
export function codeArtifactDomainArn(at: CodeArtifactAt): string {
  return codeArtifactArn(at, `domain/${at.domain}`);
}

/** ARN of a repository of a CodeArtifact domain. */
export function codeArtifactRepositoryArn(at: CodeArtifactAt, repository: string): string {
  return codeArtifactArn(at, `repository/${at.domain}/${repository}`);
}

/** ARN of the packages of a CodeArtifact repository (`package/<domain>/<repository>/*`: any format, namespace and name). */
export function codeArtifactPackagesArn(at: CodeArtifactAt, repository: string): string {
  return codeArtifactArn(at, `package/${at.domain}/${repository}/*`);
}

/** ARN of an AWS managed IAM policy, e.g. `service-role/AWSCodeDeployRole`. */
export function awsManagedPolicyArn(partition: string, policyName: string): string {
  return formatArn({ partition, service: 'iam', account: 'aws', resource: `policy/${policyName}` });
}

/** ARN of an IAM OIDC identity provider of `accountId`, by its host (e.g. `token.actions.githubusercontent.com`). */
export function oidcProviderArn(partition: string, accountId: string, host: string): string {
  return formatArn({ partition, service: 'iam', account: accountId, resource: `oidc-provider/${host}` });
}

/** ARN of a KMS alias (`alias/<name>`), known before the key exists. */
export function kmsAliasArn(at: AccountRegion, alias: string): string {
  return regionalArn(at, 'kms', `alias/${alias}`);
}

/** ARN of a CloudWatch Logs log group (without the `:*` of its streams). */
export function logGroupArn(at: AccountRegion, logGroupName: string): string {
  return regionalArn(at, 'logs', `log-group:${logGroupName}`);
}

/** ARN of an EventBridge rule on the default event bus. */
export function eventRuleArn(at: AccountRegion, ruleName: string): string {
  return regionalArn(at, 'events', `rule/${ruleName}`);
}

/**
 * ARN pattern of a Secrets Manager secret by name: Secrets Manager appends six random characters to a secret's
 * ARN, which `-??????` matches exactly (and a longer name sharing the prefix does not).
 */
export function secretArnPattern(at: AccountRegion, secretName: string): string {
  return regionalArn(at, 'secretsmanager', `secret:${secretName}-??????`);
}

/** ARN of an EC2 network interface (`*`: any of the account's network interfaces in the region). */
export function ec2NetworkInterfaceArn(at: AccountRegion, networkInterfaceId: string): string {
  return regionalArn(at, 'ec2', `network-interface/${networkInterfaceId}`);
}

/** ARN of an EC2 subnet, by its id. */
export function ec2SubnetArn(at: AccountRegion, subnetId: string): string {
  return regionalArn(at, 'ec2', `subnet/${subnetId}`);
}

/** ARN of an ECR repository. */
export function ecrRepositoryArn(at: AccountRegion, repository: string): string {
  return regionalArn(at, 'ecr', `repository/${repository}`);
}

/** What `docker push` and `docker pull` name an ECR repository by: `<account>.dkr.ecr.<region>.<domain>/<repository>`. */
export function ecrRepositoryUri(at: AccountRegion, repository: string): string {
  const domain = at.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${at.accountId}.dkr.ecr.${at.region}.${domain}/${repository}`;
}

/** ARN of a KMS key by its id (`*`: every key of the account and region, as a key's id is generated). */
export function kmsKeyArn(at: AccountRegion, keyId: string): string {
  return regionalArn(at, 'kms', `key/${keyId}`);
}

/** ARN of a DynamoDB table. */
export function dynamodbTableArn(at: AccountRegion, tableName: string): string {
  return regionalArn(at, 'dynamodb', `table/${tableName}`);
}

/** ARN of a CloudTrail trail. */
export function cloudTrailArn(at: AccountRegion, trailName: string): string {
  return regionalArn(at, 'cloudtrail', `trail/${trailName}`);
}

/** ARN of a CodeBuild project. */
export function codebuildProjectArn(at: AccountRegion, projectName: string): string {
  return regionalArn(at, 'codebuild', `project/${projectName}`);
}

/** ARN of a CodeCommit repository (its name is the whole resource part). */
export function codecommitRepositoryArn(at: AccountRegion, repositoryName: string): string {
  return regionalArn(at, 'codecommit', repositoryName);
}

/** ARN of a CodePipeline pipeline (its name is the whole resource part), or with `stage` and `action`, of one action of it. */
export function codepipelineArn(at: AccountRegion, pipelineName: string, stageAction?: { stage: string; action: string }): string {
  return regionalArn(
    at,
    'codepipeline',
    stageAction === undefined ? pipelineName : `${pipelineName}/${stageAction.stage}/${stageAction.action}`,
  );
}

/** ARN of a Lambda function (unqualified: no version or alias). */
export function lambdaFunctionArn(at: AccountRegion, functionName: string): string {
  return regionalArn(at, 'lambda', `function:${functionName}`);
}
