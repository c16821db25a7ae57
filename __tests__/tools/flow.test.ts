import * as fs from 'fs';
import * as path from 'path';
import type { Buildspec } from '../../modules/codebuild-project';
import { formatVerdict, runFlow, type FlowReport } from '../../tools/flow/run';
import { exampleOutdir } from '../support/example';

/**
 * The example's pipelines executed (tools/flow): every build over its fixture service, every deploy
 * action's inputs checked. The whole run is one test (it takes minutes); the broken contracts run only the
 * one pipeline they break.
 */

let report: FlowReport;

beforeAll(() => {
  report = runFlow({ outDir: exampleOutdir() });
}, 600_000);

test('every pipeline of every environment runs its builds and hands each deploy action the files it reads', () => {
  expect(report.verdicts.filter((v) => !v.ok).map(formatVerdict)).toEqual([]);
});

test('every pattern and the required deploy targets appear among the pipelines run', () => {
  expect(new Set(report.verdicts.map((v) => v.pattern))).toEqual(new Set(['basic', 'gated', 'infra-app', 'promotion']));
  expect([...new Set(report.verdicts.map((v) => v.target))].sort()).toEqual(
    expect.arrayContaining(['cloudformation', 'codedeploy-ec2', 'codedeploy-ecs', 'codedeploy-lambda', 'eks', 's3']),
  );
  expect(new Set(report.verdicts.map((v) => v.stack))).toEqual(new Set(['dev', 'test', 'staging', 'prod']));
});

test('the security scan fails on a planted secret and on planted vulnerable dependencies, naming them', () => {
  const planted = report.checks.filter((c) => c.name.startsWith('scan finds'));
  expect(planted.length).toBeGreaterThanOrEqual(3);
  expect(planted.filter((c) => !c.ok)).toEqual([]);
});

test('the sharded tests run as a batch whose builds get SHARD_INDEX and SHARD_COUNT', () => {
  const shards = report.checks.filter((c) => c.name.startsWith('sharded'));
  expect(shards).toHaveLength(1);
  expect(shards.filter((c) => !c.ok)).toEqual([]);
});

function failureOf(options: Parameters<typeof runFlow>[0]): string {
  const run = runFlow({ ...options, planted: false });
  const failed = run.verdicts.find((v) => !v.ok);
  return failed?.failure ?? 'no pipeline failed';
}

const only = (name: string) => (p: { name: string }) => p.name === name;

test('a service without appspec.yml fails its build, naming the pipeline, the stage and the file', () => {
  const failure = failureOf({
    outDir: exampleOutdir(),
    only: only('acme-dev-catalog-web'),
    mutateFixture: (target, dir) => {
      if (target === 'codedeploy-ec2') fs.renameSync(path.join(dir, 'appspec.yml'), path.join(dir, 'appspec.yaml'));
    },
  });
  expect(failure).toMatch(/^acme-dev-catalog-web stage Build\/build: .*appspec\.yml not found in the repository/);
});

test('a build that does not push its image fails, naming the pipeline, the stage and the image', () => {
  const failure = failureOf({
    outDir: exampleOutdir(),
    only: only('acme-dev-orders-api'),
    mutateBuildspec: (project, spec): Buildspec =>
      project.endsWith('-build')
        ? { ...spec, phases: { ...spec.phases, build: { commands: spec.phases.build.commands.filter((c) => !c.startsWith('docker push')) } } }
        : spec,
  });
  expect(failure).toMatch(/^acme-dev-orders-api stage Build\/build: .*no registry digest for .*acme\/orders-api:[0-9a-f]{40}: the image was not pushed/);
});

test('a scan whose tool download is not checked against its SHA-256 fails, naming the pipeline, the stage and the archive', () => {
  const failure = failureOf({
    outDir: exampleOutdir(),
    only: only('acme-dev-orders-api'),
    mutateBuildspec: (project, spec): Buildspec =>
      project.endsWith('-security-scan') && spec.phases.install !== undefined
        ? { ...spec, phases: { ...spec.phases, install: { commands: spec.phases.install.commands.filter((c) => !c.includes('/gitleaks.tar.gz" | sha256sum')) } } }
        : spec,
  });
  expect(failure).toMatch(/^acme-dev-orders-api stage SecurityScan\/security-scan: .*gitleaks\.tar\.gz was never checked against a pinned SHA-256/);
});
