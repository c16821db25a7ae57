import { artifactStoreReference } from '../../modules/core';

// The artifact store's reference: the statements projects and pipelines get from it instead of writing them.
const store = artifactStoreReference({
  bucketName: 'acme-dev-artifacts',
  bucketArn: 'arn:aws:s3:::acme-dev-artifacts',
  keyArn: 'arn:aws:kms:eu-west-1:111111111111:key/k',
});

describe('an artifact store reference', () => {
  test('grants objects under each prefix once, in order, and every object without a prefix', () => {
    expect(store.grantObjects('Mine', ['b/pipe', 'a/pipe', 'b/pipe'])).toEqual({
      sid: 'Mine',
      effect: 'Allow',
      actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      resources: ['arn:aws:s3:::acme-dev-artifacts/a/pipe/*', 'arn:aws:s3:::acme-dev-artifacts/b/pipe/*'],
    });
    expect(store.grantObjects('All').resources).toEqual(['arn:aws:s3:::acme-dev-artifacts/*']);
  });

  test('grants the use of its key, and only its key', () => {
    expect(store.grantKey('Key')).toEqual({
      sid: 'Key',
      effect: 'Allow',
      actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      resources: ['arn:aws:kms:eu-west-1:111111111111:key/k'],
    });
  });
});
