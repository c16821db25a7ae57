/**
 * The Lambda release step, executed: each pipeline that CodeDeploy deploys to a Lambda alias runs, in its Deploy stage
 * before the CodeDeploy action, a project that deploys the promoted code as a new version and writes the appspec the
 * CodeDeploy action deploys. The synthesized project runs over a promoted artifact against the runner's `aws lambda`
 * stub (tools/flow/stubs/impl/aws-lambda); its role, as synthesized, reaches that one function only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { openSession, runBuild, type BuildRun, type Session } from '../../tools/flow/codebuild';
import { actionVariables, type FlowAction, type FlowPipeline } from '../../tools/flow/synthesized';
import { exampleTerraform } from '../support/example';
import { exampleSynthesized, FLOW_TIMEOUT_MS } from '../support/flow';

const synth = exampleSynthesized();

/** The Deploy stages of the example with a CodeDeploy (Lambda) action, with their release step. */
const lambdaDeploys = synth.pipelines.flatMap((pipeline) =>
  pipeline.stages
    .filter((s) => s.name === 'Deploy')
    .filter((s) =>
      s.actions.some((a) => a.provider === 'CodeDeploy' && synth.codeDeployPlatforms.get(a.configuration.ApplicationName) === 'Lambda'),
    )
    .map((stage) => ({
      pipeline,
      deploy: stage.actions.find((a) => a.provider === 'CodeDeploy')!,
      release: stage.actions.find((a) => a.configuration.ProjectName?.endsWith('-lambda-release')),
    })),
);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-lambda-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(session: Session, pipeline: FlowPipeline, action: FlowAction, artifact: string): BuildRun {
  const project = synth.projects.get(action.configuration.ProjectName)!;
  return runBuild(session, {
    label: project.name,
    buildspec: project.buildspec,
    primary: artifact,
    variables: {
      ...project.variables,
      ...actionVariables(action),
      AWS_REGION: project.region,
      CODEBUILD_INITIATOR: `codepipeline/${pipeline.name}`,
    },
  });
}

type Appspec = { Resources: Record<string, { Properties: Record<string, string> }>[]; Hooks?: unknown };

/** The promoted artifact as the build emits it: the code and the service's appspec (fixed versions, a hook). */
function promotedArtifact(dir: string, functionName: string, alias: string, code: string): string {
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'function.zip'), code);
  const props = `        Name: ${functionName}\n        Alias: ${alias}\n        CurrentVersion: '1'\n        TargetVersion: '2'\n`;
  const hooks = `Hooks:\n  - BeforeAllowTraffic: CodeDeployHook_check\n`;
  fs.writeFileSync(
    path.join(dir, 'appspec.yml'),
    `version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n      Properties:\n${props}${hooks}`,
  );
  return dir;
}

function versionsOf(run: BuildRun): Record<string, string> {
  const spec = parse(fs.readFileSync(path.join(run.artifactDir!, 'appspec.yml'), 'utf8')) as Appspec;
  const props = Object.values(spec.Resources[0])[0].Properties;
  return { current: props.CurrentVersion, target: props.TargetVersion };
}

test('every CodeDeploy (Lambda) deploy runs the release step first and deploys the appspec it writes', () => {
  expect(lambdaDeploys.length).toBeGreaterThan(0);
  for (const { deploy, release } of lambdaDeploys) {
    expect(release).toBeDefined();
    expect(release!.runOrder).toBeLessThan(deploy.runOrder);
    expect(deploy.inputs).toEqual(release!.outputs);
  }
});

describe.each(lambdaDeploys.map((d) => [d.pipeline.name, d] as const))('%s: the Lambda release step', (_, { pipeline, release }) => {
  test(
    'publishes the promoted code as a version and shifts the alias from its current version to it; a rerun is safe',
    () => {
      const session = openSession(fs.mkdtempSync(path.join(tmp, 'session-')), {});
      const spec = JSON.stringify(synth.projects.get(release!.configuration.ProjectName)!.buildspec);
      const [, functionName, alias] = /get-alias --function-name ([A-Za-z0-9_-]+) --name ([A-Za-z0-9_-]+)/.exec(spec)!;
      // the function as it runs today: version 3 live, behind the alias
      const store = path.join(session.root, 'shared', 'lambda.json');
      fs.writeFileSync(
        store,
        JSON.stringify({ [functionName]: { code: 'old', versions: { '1': 'a', '3': 'old' }, aliases: { [alias]: '3' } } }),
      );

      const artifact = promotedArtifact(path.join(session.root, 'artifact'), functionName, alias, 'code of this commit');
      const first = run(session, pipeline, release!, artifact);
      expect([first.ok, first.error]).toEqual([true, expect.any(String)]);
      expect(first.calls.filter((c) => c.startsWith('aws lambda publish-version'))).toHaveLength(1);
      expect(first.calls.filter((c) => c.startsWith(`aws lambda update-function-code --function-name ${functionName} `))).toHaveLength(1);
      expect(versionsOf(first)).toEqual({ current: '3', target: '4' });
      const written = parse(fs.readFileSync(path.join(first.artifactDir!, 'appspec.yml'), 'utf8')) as Appspec;
      expect(written.Hooks).toEqual([{ BeforeAllowTraffic: 'CodeDeployHook_check' }]);

      // a rerun (a retried stage): the same code publishes no second version
      const again = run(session, pipeline, release!, artifact);
      expect([again.ok, versionsOf(again)]).toEqual([true, { current: '3', target: '4' }]);
      const stored = JSON.parse(fs.readFileSync(store, 'utf8'))[functionName];
      expect(Object.keys(stored.versions).sort()).toEqual(['1', '3', '4']);

      // an appspec of another function is refused before anything is deployed
      const foreign = promotedArtifact(path.join(session.root, 'foreign'), `${functionName}-other`, alias, 'other code');
      const refused = run(session, pipeline, release!, foreign);
      expect([refused.ok, refused.error, refused.calls.filter((c) => c.startsWith('aws lambda'))]).toEqual([
        false,
        expect.stringContaining(`does not name the function ${functionName}`),
        [],
      ]);
    },
    FLOW_TIMEOUT_MS,
  );

  test('its role may release that one function only', () => {
    const tf = exampleTerraform(pipeline.stack);
    const prefix = `builds_${pipeline.service}_lambda-release_policy-document_`;
    const docs = Object.entries<any>(tf.data.aws_iam_policy_document).filter(([id]) => id.startsWith(prefix));
    expect(docs).toHaveLength(1);
    const statements = docs[0][1].statement as { effect: string; actions: string[]; resources: string[] }[];
    const spec = JSON.stringify(synth.projects.get(release!.configuration.ProjectName)!.buildspec);
    const functionName = /get-alias --function-name ([A-Za-z0-9_-]+)/.exec(spec)![1];
    const matches = (pattern: string, arn: string) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ).test(arn);
    const allowed = (action: string, arn: string) =>
      statements.some((s) => s.effect === 'Allow' && s.actions.some((a) => matches(a, action)) && s.resources.some((r) => matches(r, arn)));
    const own = statements.flatMap((s) => s.resources).find((r) => r.endsWith(`:function:${functionName}`))!;
    expect(own).toBeDefined();
    const other = own.replace(`:function:${functionName}`, ':function:another-service-fn');
    for (const action of ['lambda:UpdateFunctionCode', 'lambda:PublishVersion', 'lambda:GetAlias', 'lambda:GetFunction']) {
      expect([action, allowed(action, own), allowed(action, other), allowed(action, `${own}:live`)]).toEqual([action, true, false, false]);
    }
    expect(allowed('lambda:UpdateAlias', own)).toBe(false);
  });
});
