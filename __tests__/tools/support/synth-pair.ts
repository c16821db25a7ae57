import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Codepipeline } from '@cdktf/provider-aws/lib/codepipeline';
import type { PlatformConfig } from '../../../model';
import { App } from '../../../modules/core';
import { buildPlatform, synthesizePlatform, type PlatformStacks } from '../../../stacks';

/** `make()` on first call, its result afterwards: tests of one describe block share one synth pair. */
export function once<T>(make: () => T): () => T {
  let value: { result: T } | undefined;
  return () => (value ??= { result: make() }).result;
}

/** A fresh temporary directory, removed by `cleanup()`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Synthesize `config` into `outdir`. Without `extend` this is exactly `synthesizePlatform`; with it, the
 * stacks are built, `extend` adds to them, and the app synthesizes (policy pack included).
 */
export function synthInto(config: PlatformConfig, outdir: string, extend?: (stacks: PlatformStacks) => void): string {
  if (extend === undefined) return synthesizePlatform(config, outdir).outdir;
  const app = new App({ outdir, stackTraces: false });
  extend(buildPlatform(app, config));
  app.synth();
  return outdir;
}

/**
 * A stand-in for the pipelines another branch is adding: one pipeline per environment with a manual
 * approval stage when the environment's `approval.required`, the minimum that maps the same config field
 * to `aws_codepipeline`, so the diff and the docs can be tested on pipelines before the real ones land.
 */
export function standInPipelines(stacks: PlatformStacks): void {
  for (const env of stacks.environments) {
    const { approval } = env.environment;
    new Codepipeline(env, 'stand-in-pipeline', {
      name: `${env.organisation.prefix}-${env.environment.name}-stand-in`,
      roleArn: `arn:aws:iam::${env.environment.account.id}:role/pipeline`,
      artifactStore: [{ location: env.artifactStore.bucket.bucket, type: 'S3', encryptionKey: { id: env.key.arn, type: 'KMS' } }],
      stage: [
        {
          name: 'Source',
          action: [
            {
              name: 'Artifact',
              category: 'Source',
              owner: 'AWS',
              provider: 'S3',
              version: '1',
              outputArtifacts: ['artifact'],
              configuration: { S3Bucket: env.artifactStore.bucket.bucket, S3ObjectKey: 'artifact.zip' },
            },
          ],
        },
        ...(approval.required
          ? [{ name: 'Approve', action: [{ name: 'Release', category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }] }]
          : []),
        // a deploy is checked in its own stage, after it, and rolls back on failure (PLAT-PIPE-002, PLAT-PIPE-004)
        {
          name: 'Deploy',
          onFailure: { result: 'ROLLBACK' },
          action: [
            { name: 'Deploy', category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1', inputArtifacts: ['artifact'] },
            {
              name: 'Smoke',
              category: 'Test',
              owner: 'AWS',
              provider: 'CodeBuild',
              version: '1',
              runOrder: 2,
              inputArtifacts: ['artifact'],
              configuration: { ProjectName: 'smoke' },
            },
          ],
        },
      ],
    });
  }
}
