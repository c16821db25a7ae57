import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Construct, accountRootArn } from '../core';

/** What a reader may do with the secret: read its value and its metadata. */
export const SECRET_READ_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] as const;

/** Automatic rotation by a Lambda function of the same account. */
export interface SecretRotationProps {
  /** ARN of the rotation function. */
  readonly lambdaArn: string;
  /** ARN of the function's execution role: it reads and writes the secret while rotating. */
  readonly executionRoleArn: string;
  /** Days between rotations (1-1000). */
  readonly days: number;
}

export interface SecretProps {
  /** Secrets Manager name, e.g. `acme/dev/orders-api/db-credentials`. */
  readonly secretName: string;
  /** What the secret is for. */
  readonly description: string;
  /** ARN of the customer managed key that encrypts the secret. */
  readonly kmsKeyArn: string;
  /** The account that owns the secret. */
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** ARNs of the roles that may read the value; every other principal is denied. At least one. */
  readonly readerRoleArns: readonly string[];
  /** Automatic rotation; leave out only where rotation cannot apply (say why where you compose it). @default none */
  readonly rotation?: SecretRotationProps;
  /** Days a deleted secret can still be restored (0 = at once, or 7-30). @default 30 */
  readonly recoveryWindowInDays?: number;
  /** Refuse `terraform destroy` of the secret. @default true */
  readonly preventDestroy?: boolean;
}

/**
 * A Secrets Manager secret without a value: encrypted with a customer managed key, a resource policy that
 * lets only the named roles read it and denies every other principal, and rotation where it applies.
 * The value is set outside Terraform (by a person, or by the rotation function), so it never appears in
 * code, plan or state.
 */
export class Secret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly policy: SecretsmanagerSecretPolicy;
  readonly rotation?: SecretsmanagerSecretRotation;
  /** The secret's ARN (with the random suffix Secrets Manager adds). */
  readonly arn: string;
  /** The secret's name. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    const preventDestroy = props.preventDestroy ?? true;
    const readers = [...new Set(props.readerRoleArns)].sort();

    if (readers.length === 0) {
      throw new Error(`Secret ${this.node.path} (${props.secretName}): readerRoleArns must name at least one role that reads it`);
    }
    if (recoveryWindowInDays !== 0 && (recoveryWindowInDays < 7 || recoveryWindowInDays > 30)) {
      throw new Error(`Secret ${this.node.path}: recoveryWindowInDays must be 0 or 7-30 (got ${recoveryWindowInDays})`);
    }
    if (props.rotation !== undefined && (props.rotation.days < 1 || props.rotation.days > 1000)) {
      throw new Error(`Secret ${this.node.path}: rotation.days must be 1-1000 (got ${props.rotation.days})`);
    }

    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: props.description,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays,
      lifecycle: { preventDestroy },
    });
    this.arn = this.secret.arn;
    this.name = props.secretName;

    const allowed = props.rotation === undefined ? readers : [...readers, props.rotation.executionRoleArn];
    // Readers are matched on aws:PrincipalArn rather than listed as principals: Secrets Manager rejects a
    // policy naming a role that does not exist yet (the build roles are created in the same apply), and a
    // principal ARN would silently stop matching once its role is re-created.
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'NamedRolesRead',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [accountRootArn(partition, props.accountId)] }],
        actions: [...SECRET_READ_ACTIONS],
        // In a secret's resource policy "*" means this secret: there is nothing narrower to name.
        resources: ['*'],
        condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: readers }],
      },
      {
        sid: 'DenyEveryoneElse',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: allowed }],
      },
    ];
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    this.policy = new SecretsmanagerSecretPolicy(this, 'policy', {
      secretArn: this.secret.arn,
      policy: document.json,
      blockPublicPolicy: true,
    });

    if (props.rotation !== undefined) {
      const invoke = new LambdaPermission(this, 'rotation-invoke', {
        statementId: `secretsmanager-${props.secretName.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 100),
        action: 'lambda:InvokeFunction',
        functionName: props.rotation.lambdaArn,
        principal: 'secretsmanager.amazonaws.com',
        sourceArn: this.secret.arn,
      });
      this.rotation = new SecretsmanagerSecretRotation(this, 'rotation', {
        secretId: this.secret.id,
        rotationLambdaArn: props.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: props.rotation.days },
        // The secret starts without a value: the first rotation waits for the schedule, giving an operator
        // time to store the initial credentials the rotation function needs.
        rotateImmediately: false,
        dependsOn: [invoke],
      });
    }
  }
}
