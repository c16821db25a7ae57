/** An allow statement of the store: usable as an IAM policy document statement and as a pipeline role's grant. */
export interface ArtifactStoreGrant {
  readonly sid: string;
  readonly effect: 'Allow';
  readonly actions: string[];
  readonly resources: string[];
}

/** What reading and writing artifacts takes: objects and their versions. */
const OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'];
/** What encrypting and decrypting artifacts with the store's key takes. */
const KEY_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * An environment's artifact store (a versioned bucket and the customer managed key that encrypts it), as the
 * projects and pipelines that use it see it: one reference instead of a bucket name, a bucket ARN and a key ARN
 * passed side by side, and the statements of its use written once.
 */
export interface ArtifactStoreReference {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** ARN of the key that encrypts the artifacts. */
  readonly keyArn: string;
  /** ARN pattern of the objects under `prefix` (no `/` at either end), or of every object without one. */
  objectsArn(prefix?: string): string;
  /** Read and write the objects under each of `prefixes` (deduplicated, sorted), or every object with none given. */
  grantObjects(sid: string, prefixes?: readonly string[]): ArtifactStoreGrant;
  /** Encrypt and decrypt with the store's key. */
  grantKey(sid: string): ArtifactStoreGrant;
}

/** The reference to the store of bucket `bucketName` (`bucketArn`) encrypted with `keyArn`. */
export function artifactStoreReference(store: { bucketName: string; bucketArn: string; keyArn: string }): ArtifactStoreReference {
  const objectsArn = (prefix?: string) => (prefix === undefined ? `${store.bucketArn}/*` : `${store.bucketArn}/${prefix}/*`);
  return {
    ...store,
    objectsArn,
    grantObjects: (sid, prefixes) => ({
      sid,
      effect: 'Allow',
      actions: [...OBJECT_ACTIONS],
      resources: prefixes === undefined ? [objectsArn()] : [...new Set(prefixes)].sort().map(objectsArn),
    }),
    grantKey: (sid) => ({ sid, effect: 'Allow', actions: [...KEY_ACTIONS], resources: [store.keyArn] }),
  };
}
