import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct, accountRootArn } from '../core';

/**
 * Actions the owning account's administrators hold on the key. Listed one by one, never `kms:*`:
 * the key policy is an IAM document like any other and this project grants no wildcard actions.
 */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** Actions a service needs to encrypt and decrypt with the key (envelope encryption). */
export const KMS_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/** Lets an AWS service principal use the key, optionally only under conditions. */
export interface KmsServiceGrant {
  /** Statement id, unique within the key policy. */
  readonly sid: string;
  /** Service principal, e.g. `logs.eu-west-1.amazonaws.com`. */
  readonly service: string;
  /** @default KMS_USE_ACTIONS */
  readonly actions?: readonly string[];
  /** Conditions that narrow the grant (encryption context, source account). @default none */
  readonly conditions?: DataAwsIamPolicyDocumentStatement['condition'];
}

/** Lets named IAM principals (e.g. another account's roles) use the key, optionally only under conditions. */
export interface KmsPrincipalGrant {
  /** Statement id, unique within the key policy. */
  readonly sid: string;
  /** Exact role or user ARNs: never an account root or a wildcard. */
  readonly principalArns: readonly string[];
  readonly actions: readonly string[];
  /** Conditions that narrow the grant (e.g. `kms:ViaService`). @default none */
  readonly conditions?: DataAwsIamPolicyDocumentStatement['condition'];
}

export interface KmsKeyProps {
  /** Alias name without the `alias/` prefix. */
  readonly alias: string;
  /** What the key protects. */
  readonly description: string;
  /** The account that owns the key. */
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Days between scheduling deletion and deletion (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
  /** Days between automatic rotations (90-2560). @default 365 */
  readonly rotationPeriodInDays?: number;
  /** AWS services that may use the key. @default none */
  readonly serviceGrants?: readonly KmsServiceGrant[];
  /** IAM principals that may use the key. @default none */
  readonly principalGrants?: readonly KmsPrincipalGrant[];
  /** Refuse `terraform destroy` of the key. @default true */
  readonly preventDestroy?: boolean;
}

/** A customer managed KMS key with automatic rotation, an alias and a key policy without wildcard actions. */
export class KmsKey extends Construct {
  readonly key: AwsKmsKey;
  readonly alias: KmsAlias;
  /** The key's ARN, for IAM policies and encryption settings. */
  readonly arn: string;
  /** The alias ARN (`arn:...:alias/<name>`), known before the key exists. */
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    const rotationPeriodInDays = props.rotationPeriodInDays ?? 365;
    const serviceGrants = props.serviceGrants ?? [];
    const principalGrants = props.principalGrants ?? [];
    const preventDestroy = props.preventDestroy ?? true;

    if (deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(`KmsKey ${this.node.path}: deletionWindowInDays must be 7-30 (got ${deletionWindowInDays})`);
    }

    const policy = new DataAwsIamPolicyDocument(this, 'policy', {
      statement: [
        {
          sid: 'AccountAdministration',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [accountRootArn(partition, props.accountId)] }],
          actions: [...KMS_ADMIN_ACTIONS],
          // In a key policy "*" means "this key": there is no narrower resource to name.
          resources: ['*'],
        },
        ...serviceGrants.map((grant) => ({
          sid: grant.sid,
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [grant.service] }],
          actions: [...(grant.actions ?? KMS_USE_ACTIONS)],
          resources: ['*'],
          condition: grant.conditions,
        })),
        ...principalGrants.map((grant) => ({
          sid: grant.sid,
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [...grant.principalArns] }],
          actions: [...grant.actions],
          // In a key policy "*" means "this key".
          resources: ['*'],
          condition: grant.conditions,
        })),
      ],
    });

    this.key = new AwsKmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays,
      deletionWindowInDays,
      policy: policy.json,
      lifecycle: { preventDestroy },
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
    this.aliasArn = this.alias.arn;
  }
}
