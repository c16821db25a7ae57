import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { Construct, kmsAliasArn } from '../core';

export interface KmsKeyReferenceProps {
  /** Alias name (without `alias/`) of a key another stack owns, in this stack's account and region. */
  readonly alias: string;
  /** The account of the key. */
  readonly accountId: string;
  /** The region of the key. */
  readonly region: string;
  /** The AWS partition. @default 'aws' */
  readonly partition?: string;
}

/**
 * A key owned by another stack, found by its alias at plan time (a data source, not a cross-stack
 * reference): no remote-state read, no outputs added to the owner, nothing in the owner's state changes.
 */
export class KmsKeyReference extends Construct {
  readonly key: DataAwsKmsKey;
  /** The key's ARN (resolved at plan time), for IAM policies and encryption settings. */
  readonly arn: string;
  /** The alias ARN, known before plan. */
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: KmsKeyReferenceProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    this.key = new DataAwsKmsKey(this, 'key', { keyId: `alias/${props.alias}` });
    this.arn = this.key.arn;
    this.aliasArn = kmsAliasArn({ partition, region: props.region, accountId: props.accountId }, props.alias);
  }
}
