/**
 * A change that breaks a contract between a service, its build and its deploy action makes the flow fail, with a
 * message naming the pipeline, the stage and what is missing: a fixture copied to a temporary folder and broken
 * (a service team's mistake), or a synthesized buildspec changed (a platform regression).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Buildspec, BuildspecPhase } from '../../modules/codebuild-project';
import { FIXTURES } from '../../tools/flow/run';
import { builds, exampleSynthesized, FLOW_TIMEOUT_MS, runExampleFlow, targetIn } from '../support/flow';

const synth = exampleSynthesized();
let tmp: string;

beforeAll(() => {
  // under jest's run folder (TMPDIR), removed here and at the end of the run: nothing is left in /tmp
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-break-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the fixture services with `target`'s changed by `breakIt`. */
function brokenFixtures(target: string, breakIt: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(tmp, `${target}-`));
  fs.cpSync(path.join(FIXTURES, target), path.join(dir, target), { recursive: true });
  breakIt(path.join(dir, target));
  return dir;
}

/** The buildspec with every command matching `pattern` removed, in every phase. */
function without(spec: Buildspec, pattern: RegExp): Buildspec {
  const strip = (phase: BuildspecPhase | undefined) =>
    phase === undefined ? undefined : { ...phase, commands: phase.commands.filter((c) => !pattern.test(c)) };
  const { install, pre_build, build, post_build } = spec.phases;
  return { ...spec, phases: { install: strip(install), pre_build: strip(pre_build), build: strip(build)!, post_build: strip(post_build) } };
}

/** The failures of the building pipelines of `target` (later environments only receive what those promote). */
function failuresOf(target: string, options: Parameters<typeof runExampleFlow>[0]): { pipeline: string; failure: string }[] {
  const report = runExampleFlow({ planted: false, only: (p) => targetIn(synth, [target])(p) && builds(p), ...options });
  expect(report.verdicts.length).toBeGreaterThan(0);
  return report.verdicts.filter((v) => !v.ok).map((v) => ({ pipeline: v.pipeline, failure: v.failure ?? '' }));
}

describe('a broken contract fails the flow, naming the pipeline, the stage and the missing file', () => {
  test(
    'a service whose appspec.yml is renamed: its build stops, naming appspec.yml',
    () => {
      const fixtures = brokenFixtures('codedeploy-lambda', (dir) =>
        fs.renameSync(path.join(dir, 'appspec.yml'), path.join(dir, 'appspec.yaml')),
      );
      const failures = failuresOf('codedeploy-lambda', { fixtures });
      expect(failures.length).toBeGreaterThan(0);
      for (const { pipeline, failure } of failures) {
        expect(failure).toMatch(
          new RegExp(`^${pipeline} stage Build/\\S+: build failed in \\w+: .*appspec\\.yml not found in the repository`),
        );
      }
    },
    FLOW_TIMEOUT_MS,
  );

  test(
    'a build that no longer pushes the image: it stops before writing imageDetail.json',
    () => {
      const failures = failuresOf('codedeploy-ecs', {
        mutateBuildspec: (project, spec) => (project.endsWith('-build') ? without(spec, /^docker push /) : spec),
      });
      expect(failures.length).toBeGreaterThan(0);
      for (const { pipeline, failure } of failures) {
        expect(failure).toMatch(new RegExp(`^${pipeline} stage Build/\\S+: .*the image was not pushed.*imageDetail\\.json`));
      }
    },
    FLOW_TIMEOUT_MS,
  );

  test(
    "a security scan that no longer checks a scanner's SHA-256: the flow names the archive it ran unchecked",
    () => {
      const failures = failuresOf('codedeploy-ecs', {
        mutateBuildspec: (project, spec) => (project.endsWith('-security-scan') ? without(spec, /sha256sum --check/) : spec),
      });
      expect(failures.length).toBeGreaterThan(0);
      for (const { pipeline, failure } of failures) {
        // the runner's check of every download, or the scanner's own refusal (its stub), whichever comes first
        expect(failure).toMatch(
          new RegExp(
            `^${pipeline} stage \\S+/\\S+: .*(archive \\S+\\.tar\\.gz was never checked against a pinned SHA-256|downloaded \\S+ without checking its pinned SHA-256)`,
          ),
        );
      }
    },
    FLOW_TIMEOUT_MS,
  );

  test(
    'a container service without its task definition: its build stops, naming taskdef.json',
    () => {
      const fixtures = brokenFixtures('codedeploy-ecs', (dir) => fs.rmSync(path.join(dir, 'taskdef.json')));
      const failures = failuresOf('codedeploy-ecs', { fixtures });
      expect(failures.length).toBeGreaterThan(0);
      for (const { pipeline, failure } of failures) {
        expect(failure).toMatch(new RegExp(`^${pipeline} stage Build/\\S+: .*taskdef\\.json not found in the repository`));
      }
    },
    FLOW_TIMEOUT_MS,
  );
});
