/**
 * A stage rollback of an infrastructure apply, executed: CodePipeline V2 reruns the failed stage with the artifacts
 * of the last execution that succeeded in it (its configuration and its saved plan, which that execution applied).
 * The synthesized apply buildspec runs twice against the runner's fake `terraform` (tools/flow/stubs/impl), which
 * keeps the state's serial and refuses a saved plan made against another serial, as Terraform refuses a stale plan:
 * a failed execution (its apply fails part-way, after moving the state), then the rollback, which must plan the
 * earlier configuration again and apply that plan. The same rerun as a standard execution fails on the stale plan.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PLAN_ARTIFACT } from '../../stacks/compose/infrastructure-builds';
import { openSession, runBuild, type BuildRun, type Session } from '../../tools/flow/codebuild';
import { deployTarget, FIXTURES } from '../../tools/flow/run';
import { actionVariables, type FlowAction, type FlowPipeline } from '../../tools/flow/synthesized';
import { builds, exampleSynthesized, FLOW_TIMEOUT_MS } from '../support/flow';

const synth = exampleSynthesized();

/** Each building pipeline's apply of a saved plan: its stage, the plan action before it and the stage's other checks. */
interface ApplyCase {
  readonly pipeline: FlowPipeline;
  readonly stage: string;
  readonly apply: FlowAction;
  readonly plan: FlowAction;
  /** The build that produced the plan's input, when that input is the built artifact (not the source). */
  readonly build?: FlowAction;
  /** The stage's convergence check: the plan project again over the configuration just applied. */
  readonly converged: FlowAction;
}

function applyCases(): ApplyCase[] {
  const cases: ApplyCase[] = [];
  for (const pipeline of synth.pipelines.filter(builds)) {
    const actions = pipeline.stages.flatMap((s) => s.actions);
    for (const stage of pipeline.stages) {
      const apply = stage.actions.find((a) => a.provider === 'CodeBuild' && a.inputs.includes(PLAN_ARTIFACT));
      if (apply === undefined) continue;
      const plan = actions.find((a) => a.outputs.includes(PLAN_ARTIFACT))!;
      const planProject = plan.configuration.ProjectName;
      const converged = stage.actions.find((a) => a !== plan && a.configuration.ProjectName === planProject)!;
      const build = actions.find((a) => a.category === 'Build' && a.outputs.includes(plan.inputs[0]) && a.provider === 'CodeBuild');
      cases.push({ pipeline, stage: stage.name, apply, plan, build, converged });
    }
  }
  return cases;
}

const cases = applyCases();
let tmp: string;

beforeAll(() => {
  // under jest's run folder (TMPDIR), removed here and at the end of the run: nothing is left in /tmp
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-rollback-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run `action` of `pipeline` as its CodePipeline action would: the project's buildspec and variables, the action's. */
function run(
  session: Session,
  pipeline: FlowPipeline,
  action: FlowAction,
  inputs: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): BuildRun {
  const project = synth.projects.get(action.configuration.ProjectName)!;
  const primaryName = action.configuration.PrimarySource ?? action.inputs[0];
  const commit = createHash('sha1').update(pipeline.service).digest('hex');
  return runBuild(session, {
    label: project.name,
    buildspec: project.buildspec,
    primary: inputs[primaryName],
    secondary: Object.fromEntries(action.inputs.filter((n) => n !== primaryName).map((n) => [n, inputs[n]])),
    variables: {
      ...project.variables,
      ...actionVariables(action),
      AWS_REGION: project.region,
      AWS_DEFAULT_REGION: project.region,
      CODEBUILD_RESOLVED_SOURCE_VERSION: commit,
      CODEBUILD_SOURCE_VERSION: commit,
      CODEBUILD_INITIATOR: `codepipeline/${pipeline.name}`,
      ...extra,
    },
  });
}

function passed(run: BuildRun, what: string): BuildRun {
  if (!run.ok) throw new Error(`${what} failed in ${run.failedPhase ?? '?'}: ${run.error}\n${run.log.slice(-3000)}`);
  return run;
}

/** The state the fake terraform keeps for the apply's backend key: its serial and the configuration applied. */
function stateOf(session: Session): string {
  const dir = path.join(session.root, 'shared', 'terraform-state');
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  return fs.readFileSync(path.join(dir, files[0]), 'utf8');
}

const terraformCalls = (run: BuildRun) => run.calls.filter((c) => /^terraform (plan|apply)\b/.test(c));

test('the example has a building pipeline of each apply: a Terraform deploy and an infra-app DeployInfrastructure', () => {
  expect(cases.map((c) => [deployTarget(c.pipeline, synth), c.stage]).sort()).toEqual([
    ['ecs', 'DeployInfrastructure'],
    ['infrastructure', 'Deploy'],
  ]);
});

describe.each(cases.map((c) => [`${c.pipeline.name} ${c.stage}`, c] as const))('%s: stage rollback', (_, c) => {
  test(
    'a failed apply, then the rollback: it plans the last successful configuration again and applies that plan',
    () => {
      const session = openSession(fs.mkdtempSync(path.join(tmp, 'session-')), {});
      const fixture = (revision: string, change?: (dir: string) => void) => {
        const dir = path.join(session.root, 'revisions', revision);
        fs.cpSync(path.join(FIXTURES, deployTarget(c.pipeline, synth)), dir, { recursive: true });
        change?.(dir);
        if (c.build === undefined) return dir;
        return passed(run(session, c.pipeline, c.build, { [c.build.inputs[0]]: dir }), `${revision}: ${c.build.name}`).artifactDir!;
      };
      // revision B changes every Terraform file of the configuration (a CDKTF app's synthesized stack stays as it was)
      const editTerraform = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
          if (entry.isFile() && entry.name.endsWith('.tf')) fs.appendFileSync(path.join(entry.parentPath, entry.name), '\n# revision B\n');
        }
      };
      const inputOf = (dir: string, plan: string) => ({ [c.plan.inputs[0]]: dir, [PLAN_ARTIFACT]: plan });

      // execution 1 (revision A): planned, applied, converged: the stage succeeds
      const a = fixture('a');
      const planA = passed(run(session, c.pipeline, c.plan, { [c.plan.inputs[0]]: a }), 'plan of A').artifactDir!;
      const applyA = passed(run(session, c.pipeline, c.apply, inputOf(a, planA)), 'apply of A');
      expect(terraformCalls(applyA)).toEqual([expect.stringMatching(/^terraform apply -input=false -lock-timeout=5m tfplan$/)]);
      passed(run(session, c.pipeline, c.converged, { [c.converged.inputs[0]]: a }), 'convergence check of A');
      const appliedA = stateOf(session).split('\n')[1];

      // execution 2 (revision B): its apply fails part-way, the state moved on; the check would not pass either
      const b = fixture('b', editTerraform);
      const planB = passed(run(session, c.pipeline, c.plan, { [c.plan.inputs[0]]: b }), 'plan of B').artifactDir!;
      const applyB = run(session, c.pipeline, c.apply, inputOf(b, planB), { FLOW_TERRAFORM_APPLY_FAILS: '1' });
      expect([applyB.ok, applyB.error]).toEqual([false, expect.stringContaining('failed part-way')]);
      expect(stateOf(session)).toMatch(/^config=partial-/m);
      expect(run(session, c.pipeline, c.converged, { [c.converged.inputs[0]]: a }).ok).toBe(false);

      // the stage's rerun with execution 1's artifacts, as a standard run: the saved plan is stale, nothing changes
      const stale = run(session, c.pipeline, c.apply, inputOf(a, planA));
      expect([stale.ok, stale.error]).toEqual([false, expect.stringContaining('Saved plan is stale')]);
      expect(stateOf(session)).toMatch(/^config=partial-/m);

      // the same rerun as CodePipeline's stage rollback: planned again from A's configuration, and applied
      fs.writeFileSync(
        path.join(session.root, 'shared', 'pipeline-state.json'),
        JSON.stringify({ [c.pipeline.name]: { [c.stage]: 'ROLLBACK' } }),
      );
      const rollback = passed(run(session, c.pipeline, c.apply, inputOf(a, planA)), 'rollback');
      expect(terraformCalls(rollback)).toEqual([
        expect.stringMatching(/^terraform plan -input=false -lock-timeout=5m -out=rollback\.tfplan$/),
        expect.stringMatching(/^terraform apply -input=false -lock-timeout=5m rollback\.tfplan$/),
      ]);
      expect(rollback.calls).toContainEqual(
        expect.stringMatching(new RegExp(`^aws codepipeline get-pipeline-state --name ${c.pipeline.name} `)),
      );
      expect(stateOf(session).split('\n')[1]).toBe(appliedA);
      // and the rest of the rerun stage passes: A's configuration is what runs
      passed(run(session, c.pipeline, c.converged, { [c.converged.inputs[0]]: a }), 'convergence check after the rollback');
    },
    FLOW_TIMEOUT_MS,
  );
});
