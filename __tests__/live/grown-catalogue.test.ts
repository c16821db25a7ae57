import * as path from 'path';
import { parseConfig, type PlatformConfig, type RawPlatformConfig } from '../../model';
import type { RawConfig } from '../support/config';
import { rawLive } from '../support/config-dir';
import { errorAnnotations, stackNamesOf, synthesizeKeepingFindings } from '../support/keep-findings';
import { once, tempDir } from '../tools/support/synth-pair';
import { readSynthOutput } from '../../tools/diff/diff';
import { boundaryProblems, boundedStacks, codebuildProblems, expectedStacks, pipelineProblems, serviceStacks } from './support/invariants';

// The live configuration grown the way a platform team grows it (README "Add a service", "Add an environment"):
// a minimal service, a service of a new team and a fifth environment. It validates, synthesizes with no error
// finding, and every invariant of the live config (./invariants.test.ts) holds for it too.

/** A name not yet in `taken`. */
const freeName = (candidates: readonly string[], taken: readonly string[]): string => {
  const name = candidates.find((c) => !taken.includes(c));
  if (name === undefined) throw new Error(`every candidate name is taken: ${candidates.join(', ')}`);
  return name;
};

function grow(raw: RawConfig): RawConfig {
  const order: string[] = raw.organisation.promotionOrder;
  const services = raw.services.map((s) => s.name as string);
  // a fifth environment: a copy of the one before production, in an account of its own, inserted before production
  const source = order[order.length - 2] ?? order[0];
  const added = freeName(['qa', 'uat', 'preprod', 'perf'], order);
  const accounts = [raw.organisation.management.accountId, ...Object.values(raw.environments).map((e) => e.account.id)];
  const account = freeName(['999999999991', '999999999992', '999999999993'], accounts);
  const copy = (value: unknown) => JSON.parse(JSON.stringify(value).split(raw.environments[source].account.id).join(account));
  raw.environments[added] = { ...copy(raw.environments[source]), name: added };
  raw.organisation.promotionOrder = [...order.slice(0, -1), added, order[order.length - 1]];
  // per-environment values of services (any map keyed by environment: listener and load balancer ARNs,
  // strategies): the new environment's, copied from the one it copies
  const perEnvironment = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(perEnvironment);
    const map = value as Record<string, unknown>;
    const keys = Object.keys(map);
    if (keys.includes(source) && keys.every((k) => order.includes(k))) map[added] = copy(map[source]);
    else Object.values(map).forEach(perEnvironment);
  };
  raw.services.forEach(perEnvironment);
  // a minimal service of the platform team, as README "Add a service" shows it
  raw.services.push({
    name: freeName(['hello-web', 'hello-web2'], services),
    description: 'A minimal service',
    team: raw.organisation.sourceControl.platformTeam,
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: { pattern: 'basic', source: { type: 'connection', provider: 'github' }, deploy: { type: 's3' } },
  });
  // a service of a team the catalogue did not have
  const team = freeName(
    ['newcomers', 'newcomers2'],
    raw.organisation.sourceControl.teams.map((t: { slug: string }) => t.slug),
  );
  raw.organisation.sourceControl.teams.push({ slug: team, description: 'A team new to the platform' });
  raw.services.push({
    name: freeName(['newcomer-api', 'newcomer-api2'], services),
    description: 'A service of a new team',
    team,
    build: { ecosystem: 'npm', codeArtifact: false },
    pipeline: { pattern: 'promotion', source: { type: 'connection', provider: 'github' }, deploy: { type: 's3' } },
  });
  return raw;
}

const tmp = tempDir('grown-catalogue-');
afterAll(() => tmp.cleanup());
const config = once((): PlatformConfig => parseConfig(grow(rawLive()) as RawPlatformConfig));
const outdir = once(() => synthesizeKeepingFindings(config(), path.join(tmp.dir, 'out')));
const terraform = once(() => readSynthOutput(outdir()) as ReadonlyMap<string, Record<string, any>>);

test('validates', () => {
  expect(config().environments).toHaveLength(rawLive().organisation.promotionOrder.length + 1);
});

test('synthesizes every stack of every environment', () => {
  expect([...stackNamesOf(outdir())].sort()).toEqual(expectedStacks(config()));
});

test('has no error finding in any stack', () => {
  expect(stackNamesOf(outdir()).flatMap((stack) => errorAnnotations(outdir(), stack))).toEqual([]);
});

test('holds in each environment exactly the pipelines of the services that reach it', () => {
  expect(serviceStacks(config()).flatMap((h) => pipelineProblems(config(), h, terraform().get(h.stack)!))).toEqual([]);
});

test('runs only CodeBuild projects its stacks create', () => {
  expect(serviceStacks(config()).flatMap((h) => codebuildProblems(h.stack, terraform().get(h.stack)!))).toEqual([]);
});

test('gives every role the permissions boundary', () => {
  expect(boundedStacks(stackNamesOf(outdir())).flatMap((stack) => boundaryProblems(config(), stack, terraform().get(stack)!))).toEqual([]);
});
