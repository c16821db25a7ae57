import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, SealableStack, Testing, TerraformOutput } from '../../vocabulary';
import { referencesIn, undeclaredReferences } from '../../vocabulary/references';

function stackWithBucket(app = Testing.app({ stackTraces: false }), id = 'subject') {
  const stack = new SealableStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const bucket = new S3Bucket(stack, 'bucket', { bucket: `${id}-bucket` });
  return { app, stack, bucket };
}

describe('SealableStack', () => {
  test('sealing resolves the JSON once: later toTerraform() calls return that same object', () => {
    const { stack } = stackWithBucket();
    const sealed = stack.seal();
    expect(stack.isSealed).toBe(true);
    expect(stack.toTerraform()).toBe(sealed);
    expect(stack.seal()).toBe(sealed);
    expect(Object.keys((sealed.resource as Record<string, unknown>).aws_s3_bucket as object)).toHaveLength(1);
  });

  test('an unsealed stack resolves afresh each time (tests and tools may still change it)', () => {
    const { stack } = stackWithBucket();
    const before = stack.toTerraform();
    new SqsQueue(stack, 'queue', { name: 'later' });
    const after = stack.toTerraform() as { resource: Record<string, unknown> };
    expect(after).not.toBe(before);
    expect(after.resource.aws_sqs_queue).toBeDefined();
  });

  test('a construct added after sealing fails the next toTerraform() instead of being left out', () => {
    const { stack } = stackWithBucket();
    stack.seal();
    new SqsQueue(stack, 'queue', { name: 'too-late' });
    expect(() => stack.toTerraform()).toThrow(/stack subject changed after its Terraform was sealed \(\d+ constructs then, \d+ now\)/);
  });

  test('app.synth() writes the sealed JSON', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealable-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      const { stack } = stackWithBucket(app);
      const sealed = stack.seal() as { resource: { aws_s3_bucket: Record<string, { bucket: string }> } };
      // a change to an attribute after sealing is not seen: sealing is the last step before the write
      Object.values(sealed.resource.aws_s3_bucket)[0].bucket = 'as-sealed';
      app.synth();
      const written = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'subject', 'cdk.tf.json'), 'utf8'));
      expect(Object.values(written.resource.aws_s3_bucket as Record<string, { bucket: string }>)[0].bucket).toBe('as-sealed');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("a reference to another stack's resource is refused, naming the stack and the address", () => {
    const app = Testing.app({ stackTraces: false });
    const one = new SealableStack(app, 'one');
    const logs = new S3Bucket(one, 'logs', { bucket: 'logs' });
    const { stack: two } = stackWithBucket(app, 'two');
    new SqsQueue(two, 'queue', { name: 'q', tags: { bucket: logs.arn } });
    expect(() => two.toTerraform()).toThrow(
      /^stack two refers to aws_s3_bucket\.logs, which it does not declare: stacks never refer to each other's resources/,
    );
  });

  test('references within the stack, to variables, locals and outputs pass', () => {
    const { stack, bucket } = stackWithBucket();
    new SqsQueue(stack, 'queue', { name: `${bucket.bucket}-events`, tags: { arn: bucket.arn } });
    new TerraformOutput(stack, 'arn', { value: bucket.arn });
    expect(() => stack.toTerraform()).not.toThrow();
  });
});

describe('undeclaredReferences', () => {
  const declared = { resource: { aws_s3_bucket: { logs: {} } }, data: { aws_iam_policy_document: { read: {} } } };

  test.each([
    ['a resource attribute', '${aws_s3_bucket.logs.arn}', []],
    ['a data source attribute', '${data.aws_iam_policy_document.read.json}', []],
    ['a resource inside a function call', '${jsonencode([aws_s3_bucket.logs.arn, "x"])}', []],
    ['an undeclared resource', '${aws_s3_bucket.other.arn}/*', ['aws_s3_bucket.other']],
    ['an undeclared data source', '${data.aws_iam_policy_document.write.json}', ['data.aws_iam_policy_document.write']],
    ['variables, locals, each, count, path', '${var.region}-${local.prefix_name}-${each.key}-${count.index}-${path.module}', []],
    ['text outside an interpolation', 'terraform_plan.json aws_s3_bucket.other', []],
    ['an escaped interpolation ($${...}) is literal', '$${aws_s3_bucket.other.arn}', []],
    ['a string literal inside an expression', '${replace("aws_s3_bucket.other.arn", ".", "-")}', []],
  ])('%s', (_name, value, expected) => {
    expect(undeclaredReferences({ ...declared, resource: { ...declared.resource, aws_sqs_queue: { q: { name: value } } } })).toEqual(
      expected,
    );
  });

  test('reads every block except the terraform settings and metadata', () => {
    const tf = {
      ...declared,
      '//': { metadata: { note: '${aws_kms_key.nowhere.arn}' } },
      terraform: { backend: { s3: { bucket: '${aws_kms_key.nowhere.arn}' } } },
      output: { arn: { value: '${aws_kms_key.gone.arn}' } },
      locals: { name: '${aws_s3_bucket.logs.id}' },
    };
    expect(undeclaredReferences(tf)).toEqual(['aws_kms_key.gone']);
  });

  test('referencesIn lists the addresses of every interpolation of a string', () => {
    expect(referencesIn('${aws_s3_bucket.a.arn}/x/${data.aws_caller_identity.me.account_id}:${var.x}')).toEqual([
      'aws_s3_bucket.a',
      'data.aws_caller_identity.me',
    ]);
  });
});
