import { SourceConnectionReference } from '../../modules/codepipeline';
import { TerraformOutput, Testing, TerraformStack } from '../../modules/core';

describe('SourceConnectionReference', () => {
  test('finds a connection another stack owns by its name, and gives its ARN as a plan-time reference', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const ref = new SourceConnectionReference(stack, 'connection-github', { connectionName: 'acme-dev-github' });
    new TerraformOutput(stack, 'arn', { value: ref.arn });
    const tf = JSON.parse(Testing.synth(stack));
    expect(Object.values(tf.data.aws_codestarconnections_connection)).toEqual([{ name: 'acme-dev-github' }]);
    expect(tf.resource).toBeUndefined();
    expect(tf.output.arn.value).toMatch(/^\$\{data\.aws_codestarconnections_connection\.connection-github_connection_[0-9A-F]{8}\.arn\}$/);
  });

  test('refuses a name CodeStar Connections would refuse', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new SourceConnectionReference(stack, 'c', { connectionName: 'a'.repeat(33) })).toThrow(
      'SourceConnectionReference test/c: connectionName "' + 'a'.repeat(33) + '" is longer than 32 characters',
    );
  });
});
