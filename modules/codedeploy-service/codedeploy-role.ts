import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct, awsManagedPolicyArn, iamRoleArn, lambdaFunctionArn, regionalArn, type AccountRegion } from '../core';
import type { DeploymentPlatform } from './types';

export interface CodeDeployRoleProps {
  readonly roleName: string;
  /** What the role deploys: decides its permissions. */
  readonly platform: DeploymentPlatform;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** Topic the deployment group's triggers publish to. */
  readonly notificationTopicArn: string;
  /** Key that encrypts the topic and the artifact store. */
  readonly kmsKeyArn: string;
  /** Alarms the deployment group polls. */
  readonly alarmArns: readonly string[];
  /** Bucket of application revisions (AppSpec, task definition) CodeDeploy reads for ECS and Lambda. @default none */
  readonly artifactBucketArn?: string;
  /** Lifecycle hook functions the role may invoke are named `<hookFunctionPrefix>*`. @default 'CodeDeployHook_' */
  readonly hookFunctionPrefix?: string;
}

/** The AWS managed policy CodeDeploy documents for EC2/on-premises deployments. */
export const CODEDEPLOY_EC2_MANAGED_POLICY = 'AWSCodeDeployRole';

/** ECS blue/green: the service's task sets, its two listeners (and their rules), passing its task roles. */
function ecsStatements(platform: Extract<DeploymentPlatform, { target: 'ecs' }>, at: AccountRegion): DataAwsIamPolicyDocumentStatement[] {
  const service = `${platform.clusterName}/${platform.serviceName}`;
  const listeners = [platform.productionListenerArn, platform.testListenerArn];
  return [
    {
      sid: 'EcsTaskSets',
      effect: 'Allow',
      actions: ['ecs:CreateTaskSet', 'ecs:DeleteTaskSet', 'ecs:DescribeServices', 'ecs:UpdateServicePrimaryTaskSet'],
      resources: [regionalArn(at, 'ecs', `service/${service}`), regionalArn(at, 'ecs', `task-set/${service}/*`)],
    },
    {
      sid: 'LoadBalancerRead',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
      ],
      // Describe* calls of Elastic Load Balancing support no resource-level permissions: "*" is the only resource
      resources: ['*'],
    },
    {
      sid: 'ShiftListenerTraffic',
      effect: 'Allow',
      actions: ['elasticloadbalancing:ModifyListener', 'elasticloadbalancing:ModifyRule'],
      resources: [...listeners, ...listeners.map((l) => `${l.replace(':listener/', ':listener-rule/')}/*`)],
    },
    {
      sid: 'PassTaskRoles',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: platform.taskRoleNames.map((name) => iamRoleArn(at.partition, at.accountId, name)),
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }],
    },
  ];
}

/** ECS and Lambda: lifecycle hooks, revisions, the alarms polled and the topic the triggers publish to. */
function deploymentStatements(props: CodeDeployRoleProps): DataAwsIamPolicyDocumentStatement[] {
  const hookFunctionPrefix = props.hookFunctionPrefix ?? 'CodeDeployHook_';
  return [
    {
      sid: 'InvokeLifecycleHooks',
      effect: 'Allow',
      actions: ['lambda:InvokeFunction'],
      resources: [lambdaFunctionArn(props, `${hookFunctionPrefix}*`)],
    },
    ...(props.artifactBucketArn === undefined
      ? []
      : [
          {
            sid: 'ReadRevisions',
            effect: 'Allow',
            actions: ['s3:GetObject', 's3:GetObjectVersion'],
            resources: [`${props.artifactBucketArn}/*`],
          },
        ]),
    { sid: 'PollAlarms', effect: 'Allow', actions: ['cloudwatch:DescribeAlarms'], resources: [...props.alarmArns] },
    { sid: 'PublishEvents', effect: 'Allow', actions: ['sns:Publish'], resources: [props.notificationTopicArn] },
  ];
}

/** The statements of the role's inline policy, in a stable order. */
function roleStatements(props: CodeDeployRoleProps): DataAwsIamPolicyDocumentStatement[] {
  const { platform } = props;
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (platform.target === 'ecs') statements.push(...ecsStatements(platform, props));
  if (platform.target === 'lambda') {
    const fn = lambdaFunctionArn(props, platform.functionName);
    statements.push({
      sid: 'ShiftAliasTraffic',
      effect: 'Allow',
      actions: ['lambda:GetAlias', 'lambda:GetProvisionedConcurrencyConfig', 'lambda:UpdateAlias'],
      resources: [fn, `${fn}:${platform.alias}`],
    });
  }
  if (platform.target !== 'ec2') statements.push(...deploymentStatements(props));
  statements.push({
    sid: 'EncryptedTopicAndArtifacts',
    effect: 'Allow',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [props.kmsKeyArn],
  });
  return statements;
}

/**
 * The service role of one CodeDeploy application. ECS and Lambda get an inline policy scoped to the
 * service's own cluster, service, listeners, task roles, function and alias. EC2 gets the AWS managed
 * `AWSCodeDeployRole` (the documented way: blue/green copies Auto Scaling groups with their launch
 * templates, lifecycle hooks and load balancer attachments, which cannot be named in advance) plus an
 * inline policy for the encrypted notification topic. `managedPolicyArn` says when it was attached, so the
 * caller can record the suppression.
 */
export class CodeDeployRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  readonly name: string;
  /** The policy document of the inline policy. */
  readonly policyDocument: DataAwsIamPolicyDocument;
  /** The inline policy. */
  readonly policy: IamRolePolicy;
  /** The AWS managed policy attachment (EC2 only). */
  readonly managedPolicy?: IamRolePolicyAttachment;

  constructor(scope: Construct, id: string, props: CodeDeployRoleProps) {
    super(scope, id);
    const { partition, platform } = props;

    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          sid: 'CodeDeployAssumes',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['codedeploy.amazonaws.com'] }],
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `CodeDeploy service role (${platform.target}); least privilege for one application`,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    this.arn = this.role.arn;
    this.name = this.role.name;

    const statements = roleStatements(props);

    this.policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    this.policy = new IamRolePolicy(this, 'policy', { name: 'codedeploy', role: this.role.name, policy: this.policyDocument.json });

    if (platform.target === 'ec2') {
      this.managedPolicy = new IamRolePolicyAttachment(this, 'managed-policy', {
        role: this.role.name,
        policyArn: awsManagedPolicyArn(partition, `service-role/${CODEDEPLOY_EC2_MANAGED_POLICY}`),
      });
    }
  }
}
