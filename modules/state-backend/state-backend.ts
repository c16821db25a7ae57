import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct, accountRootArn } from '../core';
import { KmsKey } from '../kms-key';
import { SecureBucket } from '../secure-bucket';

/** One read-write state role: whose state it writes, and who may assume it. */
export interface StateWriteRoleProps {
  /** Construct id of the role (fixed: renaming it replaces the role). */
  readonly id: string;
  readonly roleName: string;
  /** Object keys of the states it writes (`<stack>/terraform.tfstate`); their S3 and DynamoDB lock entries too. */
  readonly stateKeys: readonly string[];
  /**
   * ARNs of the roles that may assume it. Each is trusted through its account's root principal pinned to exactly
   * that role by `aws:PrincipalArn`, which IAM accepts before the role exists.
   */
  readonly writerRoleArns: readonly string[];
}

/** One read-only state role: whose state it reads, and who may assume it. */
export interface StateReadRoleProps {
  /** Construct id of the role (fixed: renaming it replaces the role). */
  readonly id: string;
  readonly roleName: string;
  /** Object keys of the states it reads (`<stack>/terraform.tfstate`), and their digests in the lock table. */
  readonly stateKeys: readonly string[];
  /** ARNs of the roles that may assume it (through their account roots, pinned by `aws:PrincipalArn`): plan roles. */
  readonly readerRoleArns: readonly string[];
}

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
  /**
   * The read-write state roles: each writes only the state keys (and their lock entries) it names, and is trusted
   * by the roles that apply those stacks. At least one.
   */
  readonly writeRoles: readonly StateWriteRoleProps[];
  /**
   * The read-only state roles, for plans: each reads only the state keys it names (no write, no lock: plans run
   * with `-lock=false`), and is trusted by the plan roles of those stacks. @default none
   */
  readonly readRoles?: readonly StateReadRoleProps[];
}

/**
 * The remote state of every other stack: an S3 bucket (versioned, SSE-KMS with a rotating customer
 * key, public access blocked, TLS only, old versions expired, protected from destroy), a DynamoDB lock
 * table (on demand, point-in-time recovery, KMS, deletion protection) and the roles that may use them: read-write
 * roles that each write only their own state keys and lock entries, and read-only roles that each read only
 * their own state keys, for plans.
 */
export class StateBackend extends Construct {
  readonly key: KmsKey;
  readonly bucket: SecureBucket;
  readonly lockTable: DynamodbTable;
  /** The read-write state roles, in `writeRoles` order. */
  readonly writeRoles: readonly IamRole[];
  /** The first of them. */
  readonly accessRole: IamRole;
  /** The read-only state roles, in `readRoles` order. */
  readonly readRoles: readonly IamRole[];

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    if (props.writeRoles.length === 0) {
      throw new Error(`StateBackend ${this.node.path}: writeRoles must name at least one read-write state role`);
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

    this.writeRoles = props.writeRoles.map((w) => this.writeRole(w, props.bucketName, partition));
    this.accessRole = this.writeRoles[0];
    this.readRoles = (props.readRoles ?? []).map((r) => this.readOnlyRole(r, props.bucketName, partition));
  }

  /**
   * A read-write state role: the objects of its state keys (the state and its S3 lock file), the lock table's
   * entries of those keys only (`dynamodb:LeadingKeys`: the lock and its digest), and the state key.
   */
  private writeRole(props: StateWriteRoleProps, bucketName: string, partition: string): IamRole {
    const where = `StateBackend ${this.node.path} (${props.roleName})`;
    const keys = this.checkedKeys(where, props.stateKeys);
    if (props.writerRoleArns.length === 0) throw new Error(`${where}: writerRoleArns must name at least one role`);
    const trust = this.pinnedTrust(where, `${props.id}-trust`, 'StateWriters', props.writerRoleArns, partition);
    const role = new IamRole(this, props.id, {
      name: props.roleName,
      description: 'Reads and writes the Terraform state of the stacks of one scope, and takes their locks; nothing else',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    // The permissions Terraform's S3 backend documents, on these keys, their lock entries and the state key only.
    const policy = new DataAwsIamPolicyDocument(this, `${props.id}-permissions`, {
      statement: [
        { sid: 'ListState', effect: 'Allow', actions: ['s3:ListBucket'], resources: [this.bucket.arn] },
        {
          sid: 'ReadWriteOwnState',
          effect: 'Allow',
          actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
          // the state and its S3-native lock file (`use_lockfile`)
          resources: keys.flatMap((k) => [`${this.bucket.arn}/${k}`, `${this.bucket.arn}/${k}.tflock`]),
        },
        { sid: 'DescribeLocks', effect: 'Allow', actions: ['dynamodb:DescribeTable'], resources: [this.lockTable.arn] },
        {
          sid: 'LockOwnState',
          effect: 'Allow',
          actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          resources: [this.lockTable.arn],
          // the S3 backend's LockID is `<bucket>/<key>` (the lock) and `<bucket>/<key>-md5` (the state's digest)
          condition: [
            {
              test: 'ForAllValues:StringEquals',
              variable: 'dynamodb:LeadingKeys',
              values: keys.flatMap((k) => [`${bucketName}/${k}`, `${bucketName}/${k}-md5`]),
            },
          ],
        },
        {
          sid: 'EncryptState',
          effect: 'Allow',
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.key.arn],
        },
      ],
    });
    new IamRolePolicy(this, `${props.id}-policy`, { name: 'terraform-state', role: role.id, policy: policy.json });
    return role;
  }

  /** A trust policy admitting exactly `roleArns`, through their account roots pinned by `aws:PrincipalArn`. */
  private pinnedTrust(where: string, id: string, sid: string, roleArns: readonly string[], partition: string): DataAwsIamPolicyDocument {
    const wild = roleArns.find((arn) => arn.includes('*') || !/^arn:[a-z-]+:iam::\d{12}:role\/./.test(arn));
    if (wild !== undefined) throw new Error(`${where}: the roles that may assume it must be role ARNs without wildcards (got "${wild}")`);
    const roles = [...new Set(roleArns)].sort();
    const accounts = [...new Set(roles.map((arn) => arn.split(':')[4]))].sort();
    return new DataAwsIamPolicyDocument(this, id, {
      statement: [
        {
          sid,
          effect: 'Allow',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          principals: [{ type: 'AWS', identifiers: accounts.map((account) => accountRootArn(partition, account)) }],
          condition: [{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: roles }],
        },
      ],
    });
  }

  /** Exact state keys, or an error naming the role. */
  private checkedKeys(where: string, stateKeys: readonly string[]): string[] {
    const keys = [...new Set(stateKeys)].sort();
    if (keys.length === 0) throw new Error(`${where}: stateKeys must name at least one state key`);
    const badKey = keys.find((k) => k.includes('*') || k.startsWith('/') || k.includes('..'));
    if (badKey !== undefined) throw new Error(`${where}: state keys must be exact object keys, without wildcards (got "${badKey}")`);
    return keys;
  }

  /**
   * A read-only state role: its state objects, their digests in the lock table (the S3 backend checks them on every
   * read) and decryption; no write and no lock. Terraform run with it must not lock (`-lock=false`).
   */
  private readOnlyRole(props: StateReadRoleProps, bucketName: string, partition: string): IamRole {
    const where = `StateBackend ${this.node.path} (${props.roleName})`;
    const keys = this.checkedKeys(where, props.stateKeys);
    if (props.readerRoleArns.length === 0) throw new Error(`${where}: readerRoleArns must name at least one role`);
    const trust = this.pinnedTrust(where, `${props.id}-trust`, 'StateReaders', props.readerRoleArns, partition);
    const role = new IamRole(this, props.id, {
      name: props.roleName,
      description: 'Reads the Terraform state of the stacks of one scope for plans; writes nothing, takes no lock',
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
    });
    const policy = new DataAwsIamPolicyDocument(this, `${props.id}-permissions`, {
      statement: [
        { sid: 'ListState', effect: 'Allow', actions: ['s3:ListBucket'], resources: [this.bucket.arn] },
        { sid: 'ReadOwnState', effect: 'Allow', actions: ['s3:GetObject'], resources: keys.map((k) => `${this.bucket.arn}/${k}`) },
        { sid: 'DescribeLocks', effect: 'Allow', actions: ['dynamodb:DescribeTable'], resources: [this.lockTable.arn] },
        {
          sid: 'ReadOwnDigests',
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          resources: [this.lockTable.arn],
          condition: [
            { test: 'ForAllValues:StringEquals', variable: 'dynamodb:LeadingKeys', values: keys.map((k) => `${bucketName}/${k}-md5`) },
          ],
        },
        { sid: 'DecryptState', effect: 'Allow', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: [this.key.arn] },
      ],
    });
    new IamRolePolicy(this, `${props.id}-policy`, { name: 'terraform-state-read', role: role.id, policy: policy.json });
    return role;
  }
}
