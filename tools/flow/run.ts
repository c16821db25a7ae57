import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SECURITY_SCAN_TOOLS, type Buildspec, type PinnedTool } from '../../modules/codebuild-project';
import { createVenv, openSession, runBuild, type BuildRun, type Session } from './codebuild';
import { checkDeployContract } from './contracts';
import { actionVariables, readSynthesized, type FlowAction, type FlowPipeline, type FlowProject, type Synthesized } from './synthesized';

/** Where the fixture services live: one per deploy target. */
export const FIXTURES = path.join(__dirname, '..', '..', '__tests__', 'fixtures', 'services');

export interface FlowOptions {
  /** A synthesized cdktf.out. */
  readonly outDir: string;
  /** @default __tests__/fixtures/services */
  readonly fixtures?: string;
  /** Only these pipelines (by name). @default all */
  readonly only?: (pipeline: FlowPipeline) => boolean;
  /** Change a fixture's copy before it is used (a broken service). @default none */
  readonly mutateFixture?: (target: string, dir: string) => void;
  /** Change a project's buildspec before it runs (a broken platform). @default none */
  readonly mutateBuildspec?: (projectName: string, spec: Buildspec) => Buildspec;
  /** Run the planted-finding scans. @default true */
  readonly planted?: boolean;
  /** Progress lines as they happen. @default none */
  readonly onLine?: (line: string) => void;
}

export interface PipelineVerdict {
  readonly pipeline: string;
  readonly stack: string;
  readonly service: string;
  readonly target: string;
  readonly pattern: string;
  /** Stages run, in order. */
  readonly stages: readonly string[];
  readonly ok: boolean;
  /** Where it failed and why (the stage, the action and the file). */
  readonly failure?: string;
  readonly notes: readonly string[];
}

export interface FlowReport {
  readonly verdicts: readonly PipelineVerdict[];
  /** Checks beyond the pipelines (planted findings, shard variables): name -> failure or undefined. */
  readonly checks: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
  readonly ok: boolean;
}

/** The deploy target of a pipeline, from its deploy action (the fixture it runs over). */
export function deployTarget(pipeline: FlowPipeline, synth: Synthesized): string {
  for (const stage of pipeline.stages) {
    for (const action of stage.actions) {
      if (action.category !== 'Deploy') continue;
      switch (action.provider) {
        case 'CodeDeploy':
          return synth.codeDeployPlatforms.get(action.configuration.ApplicationName) === 'Lambda' ? 'codedeploy-lambda' : 'codedeploy-ec2';
        case 'CodeDeployToECS':
          return 'codedeploy-ecs';
        case 'ECS':
          return 'ecs';
        case 'EKS':
          return 'eks';
        case 'ElasticBeanstalk':
          return 'elastic-beanstalk';
        case 'CloudFormation':
          return 'cloudformation';
        case 'S3':
          if (action.configuration.Extract === 'true') return 's3';
      }
    }
  }
  return 'infrastructure';
}

/** The commit every build of a service sees: stable per service, like a Git SHA. */
function commitOf(service: string): string {
  return createHash('sha1').update(service).digest('hex');
}

/** `url -> sha256` of every pinned download: what the sha256sum stub accepts for the curl stub's archives. */
function pinnedTable(): Record<string, string> {
  const table: Record<string, string> = {};
  for (const tool of Object.values(SECURITY_SCAN_TOOLS) as PinnedTool[]) {
    table[tool.url.x86_64] = tool.sha256.x86_64;
    table[tool.url.aarch64] = tool.sha256.aarch64;
  }
  return table;
}

class PipelineFailure extends Error {}

interface RunContext {
  readonly synth: Synthesized;
  readonly session: Session;
  readonly options: FlowOptions;
  /** Promoted artifacts, by `<bucket>/<key>`. */
  readonly store: Map<string, string>;
  readonly fixtureCopies: Map<string, string>;
  /** Builds by what determines them (buildspec, variables, input contents): an identical build runs once. */
  readonly memo: Map<string, { readonly run: BuildRun; readonly project: string }>;
}

/** SHA-256 of a directory's files (paths and contents). */
function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else {
        hash.update(`${rel}${e.name}\0`);
        hash.update(fs.readFileSync(p));
      }
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

function fixtureFor(ctx: RunContext, target: string): string {
  const cached = ctx.fixtureCopies.get(target);
  if (cached !== undefined) return cached;
  const from = path.join(ctx.options.fixtures ?? FIXTURES, target);
  if (!fs.existsSync(from)) throw new PipelineFailure(`no fixture service for deploy target ${target} (${from})`);
  const to = path.join(ctx.session.root, 'fixtures', target);
  fs.cpSync(from, to, { recursive: true });
  ctx.options.mutateFixture?.(target, to);
  ctx.fixtureCopies.set(target, to);
  return to;
}

function pushedImages(session: Session): Set<string> {
  const file = path.join(session.root, 'shared', 'registry.json');
  if (!fs.existsSync(file)) return new Set();
  const registry = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  return new Set(Object.entries(registry).map(([tag, digest]) => `${tag.slice(0, tag.lastIndexOf(':'))}@${digest}`));
}

/** Downloads a build served but never checked against a pinned SHA-256 (tar and zip archives). */
function unverifiedDownloads(run: BuildRun): string[] {
  const pinned = pinnedTable();
  return run.downloads
    .map((line) => line.split(' '))
    .filter(([file, url]) => url in pinned && !run.verified.includes(file))
    .map(([, url]) => url);
}

function projectOf(ctx: RunContext, action: FlowAction): FlowProject {
  const project = ctx.synth.projects.get(action.configuration.ProjectName);
  if (project === undefined)
    throw new PipelineFailure(`CodeBuild project ${action.configuration.ProjectName} not in the synthesized output`);
  return project;
}

/** Runs a CodeBuild action: a single build, or each build of its batch when the action is BatchEnabled. */
function runCodeBuild(
  ctx: RunContext,
  pipeline: FlowPipeline,
  stage: string,
  action: FlowAction,
  artifacts: Map<string, string>,
  notes: string[],
): string | undefined {
  const project = projectOf(ctx, action);
  const spec = ctx.options.mutateBuildspec?.(project.name, project.buildspec) ?? project.buildspec;
  const primaryName = action.configuration.PrimarySource ?? action.inputs[0];
  const input = (name: string) => {
    const dir = artifacts.get(name);
    if (dir === undefined) throw new PipelineFailure(`${stage}/${action.name}: input artifact "${name}" was never produced`);
    return dir;
  };
  const primary = input(primaryName);
  const secondary = Object.fromEntries(action.inputs.filter((n) => n !== primaryName).map((n) => [n, input(n)]));
  const variables = {
    ...project.variables,
    ...actionVariables(action),
    AWS_REGION: project.region,
    AWS_DEFAULT_REGION: project.region,
    CODEBUILD_RESOLVED_SOURCE_VERSION: commitOf(pipeline.service),
    CODEBUILD_SOURCE_VERSION: commitOf(pipeline.service),
    CODEBUILD_INITIATOR: `codepipeline/${pipeline.name}`,
  };
  const batch = action.configuration.BatchEnabled === 'true' ? (spec.batch?.['build-list'] ?? []) : [];
  const runs =
    batch.length > 0
      ? batch.map((b) => ({
          id: b.identifier,
          variables: { ...variables, ...b.env?.variables, CODEBUILD_BATCH_BUILD_IDENTIFIER: b.identifier },
        }))
      : [{ id: undefined, variables }];
  let output: string | undefined;
  const inputs = [primary, ...Object.values(secondary)].map(treeHash).join(',');
  for (const run of runs) {
    // a build whose buildspec, variables and inputs equal an earlier one's (the Validate of each later
    // environment over the same promoted artifact) gives the same result: it runs once
    const determining = Object.fromEntries(Object.entries(run.variables).filter(([k]) => k !== 'CODEBUILD_INITIATOR'));
    const key = createHash('sha256')
      .update(JSON.stringify([spec, determining, Object.keys(secondary).sort(), inputs]))
      .digest('hex');
    const memo = ctx.memo.get(key);
    const result =
      memo?.run ?? runBuild(ctx.session, { label: project.name, buildspec: spec, primary, secondary, variables: run.variables });
    if (memo === undefined) ctx.memo.set(key, { run: result, project: project.name });
    else notes.push(`${action.name}: the same build as ${memo.project}'s`);
    const where = `${stage}/${action.name}${run.id === undefined ? '' : ` (batch build ${run.id})`}`;
    if (!result.ok) throw new PipelineFailure(`${where}: build failed in ${result.failedPhase ?? '?'}: ${result.error}`);
    const unverified = unverifiedDownloads(result);
    if (unverified.length > 0)
      throw new PipelineFailure(`${where}: downloaded ${unverified.join(', ')} without checking its pinned SHA-256`);
    output = result.artifactDir;
  }
  if (batch.length > 0) notes.push(`${action.name}: ${batch.length} batch builds`);
  if (action.outputs.length > 0 && output === undefined) {
    throw new PipelineFailure(
      `${stage}/${action.name}: the build declares output ${action.outputs.join(', ')} but its buildspec has no artifacts`,
    );
  }
  return output;
}

function runPipeline(ctx: RunContext, pipeline: FlowPipeline): PipelineVerdict {
  const target = deployTarget(pipeline, ctx.synth);
  const artifacts = new Map<string, string>();
  const stagesRun: string[] = [];
  const notes: string[] = [];
  const base = { pipeline: pipeline.name, stack: pipeline.stack, service: pipeline.service, target, pattern: pipeline.pattern };
  try {
    for (const stage of pipeline.stages) {
      stagesRun.push(stage.name);
      const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
      for (const order of orders) {
        for (const action of stage.actions.filter((a) => a.runOrder === order)) {
          const produced = runAction(ctx, pipeline, stage.name, action, artifacts, notes, target);
          for (const name of action.outputs) if (produced !== undefined) artifacts.set(name, produced);
        }
      }
    }
    return { ...base, stages: stagesRun, ok: true, notes };
  } catch (e) {
    if (!(e instanceof PipelineFailure)) throw e;
    return { ...base, stages: stagesRun, ok: false, failure: `${pipeline.name} stage ${e.message}`, notes };
  }
}

function runAction(
  ctx: RunContext,
  pipeline: FlowPipeline,
  stage: string,
  action: FlowAction,
  artifacts: Map<string, string>,
  notes: string[],
  target: string,
): string | undefined {
  const where = `${stage}/${action.name}`;
  switch (`${action.category}:${action.provider}`) {
    case 'Source:S3': {
      const key = `${action.configuration.S3Bucket}/${action.configuration.S3ObjectKey}`;
      const promoted = ctx.store.get(key);
      if (promoted !== undefined) return promoted;
      if (key.includes('/promotion/')) throw new PipelineFailure(`${where}: nothing was promoted to s3://${key}`);
      return fixtureFor(ctx, target);
    }
    case 'Source:CodeStarSourceConnection':
    case 'Source:CodeCommit':
      // a CODE_ZIP source: the repository's files, no .git
      return fixtureFor(ctx, target);
    case 'Approval:Manual':
      return undefined;
    case 'Build:CodeBuild':
    case 'Test:CodeBuild':
    case 'Deploy:CodeBuild':
    case 'Invoke:CodeBuild':
      return runCodeBuild(ctx, pipeline, stage, action, artifacts, notes);
    default: {
      if (action.category !== 'Deploy') {
        notes.push(`${where}: ${action.provider} not simulated`);
        return undefined;
      }
      const input = artifacts.get(action.inputs[0] ?? '');
      if (action.provider === 'CloudFormation' && action.configuration.ActionMode === 'CHANGE_SET_EXECUTE') return undefined;
      if (input === undefined) throw new PipelineFailure(`${where}: input artifact "${action.inputs[0] ?? '(none)'}" was never produced`);
      if (action.provider === 'S3' && action.configuration.Extract === 'false') {
        ctx.store.set(`${action.configuration.BucketName}/${action.configuration.ObjectKey}`, input);
        return undefined;
      }
      const problems = checkDeployContract(action, {
        artifact: input,
        pushedImages: pushedImages(ctx.session),
        codeDeployPlatform: ctx.synth.codeDeployPlatforms.get(action.configuration.ApplicationName),
      });
      if (problems.length > 0) throw new PipelineFailure(`${where}: ${problems.join('; ')}`);
      return undefined;
    }
  }
}

/** Pipelines in an order where every promoted source was written first (promotion chains start at the source). */
function promotionOrder(pipelines: readonly FlowPipeline[]): FlowPipeline[] {
  const writes = (p: FlowPipeline) =>
    p.stages
      .flatMap((s) => s.actions)
      .filter((a) => a.provider === 'S3' && a.category === 'Deploy' && a.configuration.Extract === 'false')
      .map((a) => `${a.configuration.BucketName}/${a.configuration.ObjectKey}`);
  const reads = (p: FlowPipeline) =>
    p.stages
      .flatMap((s) => s.actions)
      .filter((a) => a.category === 'Source' && a.provider === 'S3')
      .map((a) => `${a.configuration.S3Bucket}/${a.configuration.S3ObjectKey}`);
  const written = new Map<string, FlowPipeline>();
  for (const p of pipelines) for (const key of writes(p)) written.set(key, p);
  const ordered: FlowPipeline[] = [];
  const visit = (p: FlowPipeline, seen: Set<FlowPipeline>) => {
    if (ordered.includes(p) || seen.has(p)) return;
    seen.add(p);
    for (const key of reads(p)) {
      const writer = written.get(key);
      if (writer !== undefined) visit(writer, seen);
    }
    ordered.push(p);
  };
  for (const p of pipelines) visit(p, new Set());
  return ordered;
}

/** The scan of the first pipeline with a SecurityScan stage over a fixture with a planted finding: it must fail, naming it. */
function plantedScans(ctx: RunContext, pipelines: readonly FlowPipeline[]): FlowReport['checks'] {
  const checks: { name: string; ok: boolean; detail: string }[] = [];
  const plants: { name: string; target: string; plant: (dir: string) => void; expect: RegExp }[] = [
    {
      name: 'scan finds a planted secret',
      target: 'codedeploy-ecs',
      plant: (dir) => fs.writeFileSync(path.join(dir, 'src', 'config.js'), "module.exports = { key: 'AKIA" + 'Q3EGRIFGHK2LDMXZ' + "' };\n"),
      expect: /RuleID: aws-access-token/,
    },
    {
      name: 'scan finds a planted vulnerable npm dependency',
      target: 'codedeploy-ecs',
      plant: (dir) => {
        const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
        lock.packages['node_modules/lodash'] = { version: '4.17.20', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz' };
        fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
      },
      expect: /lodash 4\.17\.20 GHSA-35jh-r3h4-6jhm High/,
    },
    {
      name: 'scan finds a planted vulnerable Python dependency',
      target: 'codedeploy-lambda',
      plant: (dir) => fs.appendFileSync(path.join(dir, 'requirements.txt'), 'PyYAML==5.3.1\n'),
      expect: /pyyaml 5\.3\.1 GHSA-8q59-q68h-6hv4 Critical/,
    },
  ];
  for (const plant of plants) {
    // a run of some targets only (`only`) plants in the fixtures of those
    if (!pipelines.some((p) => deployTarget(p, ctx.synth) === plant.target)) continue;
    const pipeline = pipelines.find((p) => deployTarget(p, ctx.synth) === plant.target && p.stages.some((s) => s.name === 'SecurityScan'));
    const action = pipeline?.stages.find((s) => s.name === 'SecurityScan')?.actions[0];
    if (pipeline === undefined || action === undefined) {
      checks.push({ name: plant.name, ok: false, detail: `no pipeline of target ${plant.target} has a SecurityScan stage` });
      continue;
    }
    const source = path.join(ctx.session.root, 'planted', plant.name.replace(/\W+/g, '-'));
    fs.cpSync(path.join(ctx.options.fixtures ?? FIXTURES, plant.target), source, { recursive: true });
    plant.plant(source);
    const project = projectOf(ctx, action);
    const secondary = Object.fromEntries(
      action.inputs.filter((n) => n !== (action.configuration.PrimarySource ?? action.inputs[0])).map((n) => [n, source]),
    );
    const run = runBuild(ctx.session, {
      label: `${project.name} (planted)`,
      buildspec: project.buildspec,
      primary: source,
      secondary,
      variables: { ...project.variables, CODEBUILD_RESOLVED_SOURCE_VERSION: commitOf(pipeline.service), AWS_REGION: project.region },
    });
    const found = plant.expect.test(run.log);
    checks.push({
      name: `${plant.name} (${pipeline.name})`,
      ok: !run.ok && found,
      detail: run.ok
        ? 'the scan passed'
        : found
          ? `failed in ${run.failedPhase ?? '?'}, reporting it`
          : `failed without reporting it: ${run.error}`,
    });
  }
  return checks;
}

/** A sharded project run as a plain build (no BatchEnabled) must fail: its shard variables are unset. */
function shardCheck(ctx: RunContext, pipelines: readonly FlowPipeline[]): FlowReport['checks'] {
  for (const pipeline of pipelines) {
    for (const stage of pipeline.stages) {
      for (const action of stage.actions) {
        if (action.provider !== 'CodeBuild') continue;
        const project = ctx.synth.projects.get(action.configuration.ProjectName);
        if (project?.buildspec.batch === undefined) continue;
        const batchEnabled = action.configuration.BatchEnabled === 'true';
        const shardCount = project.buildspec.batch['build-list'].length;
        return [
          {
            name: `sharded ${action.name} of ${pipeline.name} runs as a batch (BatchEnabled) of ${shardCount} builds with SHARD_INDEX and SHARD_COUNT`,
            ok:
              batchEnabled &&
              project.buildspec.batch['build-list'].every(
                (b) => b.env?.variables?.SHARD_INDEX !== undefined && b.env.variables.SHARD_COUNT === String(shardCount),
              ),
            detail: batchEnabled
              ? 'each batch build carries its shard variables'
              : 'the action is not BatchEnabled: the shards would never run',
          },
        ];
      }
    }
  }
  return [];
}

/** Runs every pipeline of the synthesized output over the fixture services. */
export function runFlow(options: FlowOptions): FlowReport {
  const synth = readSynthesized(options.outDir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-run-'));
  try {
    const session = openSession(root, pinnedTable());
    createVenv(session);
    const ctx: RunContext = { synth, session, options, store: new Map(), fixtureCopies: new Map(), memo: new Map() };
    const selected = synth.pipelines.filter((p) => options.only?.(p) ?? true);
    const verdicts: PipelineVerdict[] = [];
    for (const pipeline of promotionOrder(selected)) {
      const verdict = runPipeline(ctx, pipeline);
      verdicts.push(verdict);
      options.onLine?.(formatVerdict(verdict));
    }
    const checks = [...((options.planted ?? true) ? plantedScans(ctx, selected) : []), ...shardCheck(ctx, selected)];
    for (const check of checks) options.onLine?.(`${check.ok ? 'PASS' : 'FAIL'}  check: ${check.name}: ${check.detail}`);
    return { verdicts, checks, ok: verdicts.every((v) => v.ok) && checks.every((c) => c.ok) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** One line per pipeline: verdict, stack, service, target, pattern, the stages it went through. */
export function formatVerdict(v: PipelineVerdict): string {
  const head = `${v.ok ? 'PASS' : 'FAIL'}  ${v.stack.padEnd(8)} ${v.service.padEnd(14)} ${v.target.padEnd(17)} ${v.pattern.padEnd(9)}`;
  return v.ok ? `${head} ${v.stages.join(' > ')}` : `${head} ${v.failure ?? ''}`;
}
