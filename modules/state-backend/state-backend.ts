import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from '../core';
import { KmsKey } from '../kms-key';
import { SecureBucket } from '../secure-bucket';

export interface StateBackendProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** Name of the DynamoDB lock table. */
  readonly lockTableName: string;
  /** Alias (without `alias/`) of the key that encrypts state, locks and the bucket. */
  readonly kmsKeyAlias: string;
  /** The account that holds the state. */
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Days a superseded state version is kept. */
  readonly noncurrentVersionRetentionDays: number;
  /** Name of the role Terraform assumes to read and write state. */
  readonly accessRoleName: string;
  /**
   * ARNs of the roles that run Terraform and may assume the state access role. They must exist before
   * this stack is applied (IAM refuses a trust policy naming a role that does not exist yet). May be empty
   * when `laterRoleArns` names at least one role.
   */
  readonly terraformRoleArns: readonly string[];
  /**
   * ARNs of roles created after this stack (the environments' GitHub OIDC deploy roles) that may also
   * assume the state role. Each is trusted through its account's root principal pinned to exactly that
   * role by `aws:PrincipalArn`, which IAM accepts before the role exists. @default none
   */
  readonly laterRoleArns?: readonly string[];
  /**
   * Name of a second, read-only state role: it may read the state (no write, no lock), for plans. Created only
   * with `readerRoleArns`. @default none
   */
  readonly readOnlyRoleName?: string;
  /**
   * ARNs of the roles that may assume the read-only state role (the plan roles), trusted like `laterRoleArns`
   * through their account roots, pinned by `aws:PrincipalArn`. @default none (no read-only role)
   */
  readonly readerRoleArns?: readonly string[];
}

/**
 * The remote state of every other stack: an S3 bucket (versioned, SSE-KMS with a rotating customer
 * key, public access blocked, TLS only, old versions expired, protected from destroy), a DynamoDB lock
 * table (on demand, point-in-time recovery, KMS, deletion protection) and the one role that may use them.
 */
export class StateBackend extends Construct {
  readonly key: KmsKey;
  readonly bucket: SecureBucket;
  readonly lockTable: DynamodbTable;
  readonly accessRole: IamRole;
  /** The read-only state role, when `readOnlyRoleName` and `readerRoleArns` are given. */
  readonly readRole?: IamRole;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    if (props.terraformRoleArns.length + (props.laterRoleArns ?? []).length === 0) {
      throw new Error(`StateBackend ${this.node.path}: terraformRoleArns or laterRoleArns must name at least one role that runs Terraform`);
    }

    this.key = new KmsKey(this, 'key', {
      alias: props.kmsKeyAlias,
      description: 'Encrypts the Terraform state of the CI/CD platform, its lock table and its bucket',
      accountId: props.accountId,
      partition,
      preventDestroy: true,
    });

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      preventDestroy: true,
      lifecycle: { noncurrentVersionExpirationDays: props.noncurrentVersionRetentionDays, abortIncompleteUploadDays: 1 },
    });

    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: props.lockTableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });

    const laterRoleArns = [...(props.laterRoleArns ?? [])].sort();
    const laterAccounts = [...new Set(laterRoleArns.map((arn) => arn.split(':')[4]))].sort();
    const trust = new DataAwsIamPolicyDocument(this, 'access-trust', {
      statement: [
        ...(props.terraformRoleArns.length === 0
          ? []
          : [
              {
                sid: 'TerraformRoles',
                effect: 'Allow',
                actions: ['sts:AssumeRole', 'sts:TagSession'],
                principals: [{ type: 'AWS', identifiers: [...props.terraformRoleArns] }],
              },
            ]),
        ...(laterRoleArns.length === 0
          ? []
          : [
              {
                sid: 'EnvironmentDeployRoles',
                effect: 'Allow',
                actions: ['sts:AssumeRole', 'sts:TagSession'],
                principals: [{ type: 'AWS', identifiers: laterAccounts.map((account) => `arn:${partition}:iam::${account}:root`) }],
                condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: laterRoleArns }],
              },
            ]),
      ],
    });
    this.accessRole = new IamRole(this, 'access-role', {
      name: props.accessRoleName,
      description: 'Reads and writes the Terraform state of the CI/CD platform; nothing else',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    // The permissions Terraform's S3 backend documents, on this bucket, table and key only.
    const access = new DataAwsIamPolicyDocument(this, 'access-policy', {
      statement: [
        { sid: 'ListState', effect: 'Allow', actions: ['s3:ListBucket'], resources: [this.bucket.arn] },
        {
          sid: 'ReadWriteState',
          effect: 'Allow',
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          resources: [`${this.bucket.arn}/*`],
        },
        {
          sid: 'Lock',
          effect: 'Allow',
          actions: ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [this.lockTable.arn],
        },
        {
          sid: 'EncryptState',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.key.arn],
        },
      ],
    });
    new IamRolePolicy(this, 'access-role-policy', {
      name: 'terraform-state',
      role: this.accessRole.id,
      policy: access.json,
    });

    const readers = props.readerRoleArns ?? [];
    if (props.readOnlyRoleName === undefined || readers.length === 0) {
      if (props.readOnlyRoleName !== undefined || readers.length > 0) {
        throw new Error(`StateBackend ${this.node.path}: readOnlyRoleName and readerRoleArns go together (a read-only role needs readers)`);
      }
      return;
    }
    this.readRole = this.readOnlyRole(props.readOnlyRoleName, readers, partition);
  }

  /**
   * The read-only state role: the state objects, the digests of the lock table (the S3 backend checks them on
   * every read) and decryption, no write and no lock. Terraform run with it must not lock (`-lock=false`).
   */
  private readOnlyRole(name: string, readerRoleArns: readonly string[], partition: string): IamRole {
    const wild = readerRoleArns.find((arn) => arn.includes('*') || !/^arn:[a-z-]+:iam::\d{12}:role\/./.test(arn));
    if (wild !== undefined)
      throw new Error(`StateBackend ${this.node.path}: readerRoleArns must be role ARNs without wildcards (got "${wild}")`);
    const readers = [...new Set(readerRoleArns)].sort();
    const accounts = [...new Set(readers.map((arn) => arn.split(':')[4]))].sort();
    const trust = new DataAwsIamPolicyDocument(this, 'read-trust', {
      statement: [
        {
          sid: 'PlanRoles',
          effect: 'Allow',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          principals: [{ type: 'AWS', identifiers: accounts.map((account) => `arn:${partition}:iam::${account}:root`) }],
          condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: readers }],
        },
      ],
    });
    const role = new IamRole(this, 'read-role', {
      name,
      description: 'Reads the Terraform state of the CI/CD platform for plans; writes nothing, takes no lock',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'read-policy', {
      statement: [
        { sid: 'ListState', effect: 'Allow', actions: ['s3:ListBucket'], resources: [this.bucket.arn] },
        { sid: 'ReadState', effect: 'Allow', actions: ['s3:GetObject'], resources: [`${this.bucket.arn}/*`] },
        { sid: 'ReadDigests', effect: 'Allow', actions: ['dynamodb:DescribeTable', 'dynamodb:GetItem'], resources: [this.lockTable.arn] },
        { sid: 'DecryptState', effect: 'Allow', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.arn] },
      ],
    });
    new IamRolePolicy(this, 'read-role-policy', { name: 'terraform-state-read', role: role.id, policy: policy.json });
    return role;
  }
}
