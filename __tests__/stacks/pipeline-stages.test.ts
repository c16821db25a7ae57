import { DEPLOY_TARGETS, type DeployTargetType } from '../../stacks/compose/pipeline-stages';
import * as patterns from '../fixtures/patterns';
import { exampleConfig, minimalConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { actionsOf, pipelinesByName, walk } from '../support/pipelines';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

// The patterns fixture: one service per pattern on dev -> prod (__tests__/fixtures/patterns).
const config = minimalConfig((raw) => (raw.services = structuredClone(patterns.services)));
const platform = buildExample(config);
const tf: Record<string, Record<string, any>> = Object.fromEntries(platform.environments.map((s) => [s.environment.name, synthObject(s)]));
const pipeline = (env: string, service: string) => {
  const found = pipelinesByName(tf[env])[`mini-${env}-${service}`];
  if (found === undefined) throw new Error(`no pipeline for ${service} in ${env}`);
  return found;
};

/** Stages that change the environment: a Deploy-category action, or a CodeBuild apply (`Deploy...`); not the hand-off to the next. */
const isDeployStage = (stage: any) =>
  stage.name !== 'Promote' && (/^Deploy/.test(stage.name) || stage.action.some((a: any) => a.category === 'Deploy'));
const order = (action: any) => action.run_order ?? 1;
const every = () => ['dev', 'prod'].flatMap((env) => Object.values(pipelinesByName(tf[env])).map((p: any) => [env, p.name, p] as const));

describe('the stages of each pattern, scan before the first deploy, a check after each deploy', () => {
  test.each([
    // basic: the minimum shape still scans before and checks after its deploy
    ['dev', 'site', 'Source[github] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Deploy[s3, validate#2]'],
    [
      'dev',
      'reports',
      'Source[github] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > Approval[approve-deploy] > Deploy[cloudformation-change-set, cloudformation-execute#2, validate#3]',
    ],
    [
      'dev',
      'stock',
      'Source[github] > Infrastructure[terraform-plan] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > DeployInfrastructure[terraform-apply, terraform-converged#2] > Deploy[ecs, validate#2]',
    ],
    [
      'dev',
      'hooks',
      'Source[github] > Build[build] > Test[unit-test, integration-test] > SecurityScan[security-scan] > Deploy[lambda-release, codedeploy-lambda#2, validate#3] > Promote[promote-to-prod]',
    ],
    // a CodeDeploy Lambda deploy: the release step (the promoted code as a new version, the appspec) before CodeDeploy
    [
      'prod',
      'hooks',
      'Source[promoted-artifact] > Approval[approve-deploy] > Deploy[lambda-release, codedeploy-lambda#2, validate#3, integration-test#3]',
    ],
    [
      'dev',
      'net',
      'Source[github] > Build[build] > Test[unit-test] > SecurityScan[security-scan] > InfrastructurePlan[terraform-plan] > Deploy[terraform-apply, terraform-converged#2, validate#2] > Promote[promote-to-prod]',
    ],
    [
      'prod',
      'net',
      'Source[promoted-artifact] > InfrastructurePlan[terraform-plan] > Approval[approve-deploy] > Deploy[terraform-apply, terraform-converged#2, validate#2]',
    ],
  ])('%s %s', (env, service, expected) => {
    expect(walk(pipeline(env, service))).toBe(expected);
  });

  test('the fixture has every pattern, and exactly the pipelines above', () => {
    expect(new Set(config.services.map((s) => s.pipeline!.pattern))).toEqual(new Set(['basic', 'gated', 'infra-app', 'promotion']));
    expect(every().map(([, name]) => name)).toEqual([
      'mini-dev-hooks',
      'mini-dev-net',
      'mini-dev-reports',
      'mini-dev-site',
      'mini-dev-stock',
      'mini-prod-hooks',
      'mini-prod-net',
    ]);
  });

  test.each(every())('%s %s: the first deploy comes after the build and its scan, on the same build', (env, _name, p) => {
    const names = p.stage.map((s: any) => s.name);
    const firstDeploy = p.stage.findIndex(isDeployStage);
    expect(names[0]).toBe('Source');
    if (env === 'dev') {
      // the first environment builds; the scan runs on its source and its artifact, before anything deploys
      const scan = names.indexOf('SecurityScan');
      expect([names.indexOf('Build') < scan, scan >= 0 && scan < firstDeploy]).toEqual([true, true]);
      expect(p.stage[scan].action).toEqual([
        expect.objectContaining({ category: 'Build', provider: 'CodeBuild', input_artifacts: ['source', 'artifact'] }),
      ]);
    } else {
      // a later environment deploys the artifact built and scanned in the first: it builds and scans nothing
      expect(names).not.toEqual(expect.arrayContaining(['Build', 'SecurityScan']));
    }
  });

  test.each(every())('%s %s: each deploy stage ends with a CodeBuild check, after every deploy action of the stage', (_env, _name, p) => {
    for (const stage of p.stage.filter(isDeployStage)) {
      const checks = stage.action.filter((a: any) => a.category === 'Test');
      const deploys = stage.action.filter((a: any) => a.category !== 'Test');
      const last = Math.max(...deploys.map(order));
      expect([stage.name, checks.length > 0]).toEqual([stage.name, true]);
      for (const check of checks)
        expect([stage.name, check.name, check.provider, order(check)]).toEqual([stage.name, check.name, 'CodeBuild', last + 1]);
    }
  });

  test.each(every())('%s %s: every deploy stage rolls back on failure (CodePipeline V2); no other stage does', (_env, _name, p) => {
    expect(p.pipeline_type).toBe('V2');
    for (const stage of p.stage) {
      expect([stage.name, stage.on_failure]).toEqual([stage.name, isDeployStage(stage) ? { result: 'ROLLBACK' } : undefined]);
    }
  });

  test('a smoke test checks what was deployed: the validate project of the service, on the artifact the deploy read', () => {
    // the release step reads the promoted artifact (code and test bundle); CodeDeploy, the appspec the release wrote
    const [release, deploy, validate] = pipeline('prod', 'hooks').stage.find((s: any) => s.name === 'Deploy').action;
    expect(deploy.input_artifacts).toEqual(release.output_artifacts);
    expect(validate.input_artifacts).toEqual(release.input_artifacts);
    expect(validate.configuration.ProjectName).toMatch(/^\$\{aws_codebuild_project\.builds_hooks_validate_project_[0-9A-F]+\.name\}$/);
  });

  test('an apply is checked by planning it again, failing on any change left (-detailed-exitcode)', () => {
    const converged = actionsOf(pipeline('dev', 'stock')).find(({ action }) => action.name === 'terraform-converged')!.action;
    expect(converged).toMatchObject({ category: 'Test', provider: 'CodeBuild', input_artifacts: ['source'] });
    expect(converged.configuration.ProjectName).toMatch(
      /^\$\{aws_codebuild_project\.infrastructure-builds_stock_plan_project_[0-9A-F]+\.name\}$/,
    );
    expect(JSON.parse(converged.configuration.EnvironmentVariables)).toEqual([
      { name: 'TF_CLI_ARGS_plan', value: '-detailed-exitcode', type: 'PLAINTEXT' },
    ]);
  });

  test('a CodeDeploy group keeps its own automatic rollback, on a failed deployment and on its alarms', () => {
    for (const env of ['dev', 'prod']) {
      const [group] = resourcesOf(tf[env], 'aws_codedeploy_deployment_group');
      expect(group.auto_rollback_configuration).toEqual({ enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] });
      expect(group.alarm_configuration).toMatchObject({ enabled: true, ignore_poll_alarm_failure: false });
    }
  });

  test('a pattern without scan or validate in its config still gets both: the fields may only be true', () => {
    expect(() =>
      minimalConfig((raw) => {
        raw.services[0].pipeline.securityScan = false;
      }),
    ).toThrow(/pipeline\.securityScan: must be true or left out: every pipeline scans its change before the first deploy/);
    expect(() =>
      minimalConfig((raw) => {
        raw.services[0].pipeline.validate = false;
      }),
    ).toThrow(/pipeline\.validate: must be true or left out: every deploy is checked/);
  });
});

describe('the deploy target table', () => {
  // the example fixture deploys to every target (its catalogue test says so)
  const example = exampleConfig();
  const deploysOf = (type: DeployTargetType) => {
    const service = example.services.find((s) => s.pipeline?.deploy.type === type)!;
    const p = pipelinesByName(exampleTerraform('dev'))[`acme-dev-${service.name}`];
    return { service, actions: p.stage.find((s: any) => s.name === 'Deploy').action.filter((a: any) => a.category !== 'Test') };
  };

  test.each(Object.keys(DEPLOY_TARGETS) as DeployTargetType[])(
    '%s: the provider of its deploy action, and the files the action names',
    (type) => {
      const { service, actions: all } = deploysOf(type);
      const target = DEPLOY_TARGETS[type];
      // the deploy action(s) of the target's provider; before them, only the Lambda release step prepares one (CodeBuild)
      const actions = all.filter((a: any) => a.provider === target.provider);
      const prepares = all.filter((a: any) => a.provider !== target.provider);
      expect(actions.length).toBeGreaterThan(0);
      expect(prepares.map((a: any) => [a.name, a.provider])).toEqual(type === 'codedeploy-lambda' ? [['lambda-release', 'CodeBuild']] : []);
      for (const step of prepares) expect(order(step)).toBeLessThan(Math.min(...actions.map(order)));
      // every file the table says the action reads is named in its configuration, or is where the provider looks
      // by convention: CodeDeploy reads appspec.yml at the bundle root, CodeDeployToECS imageDetail.json of the
      // artifact Image1ArtifactName names
      const named = JSON.stringify(actions.map((a: any) => a.configuration));
      const conventional: Record<string, string> = { 'appspec.yml': 'CodeDeploy', 'imageDetail.json': 'CodeDeployToECS' };
      for (const file of target.inputFiles(service.pipeline!.deploy as never)) {
        expect([type, file, named.includes(file) || conventional[file] === target.provider]).toEqual([type, file, true]);
      }
    },
  );

  test.each(Object.keys(DEPLOY_TARGETS) as DeployTargetType[])('%s: its rollback is the one its service gets', (type) => {
    const { service } = deploysOf(type);
    const groups = resourcesOf(exampleTerraform('dev'), 'aws_codedeploy_deployment_group').filter((g) =>
      String(g.deployment_group_name).includes(service.name),
    );
    // a CodeDeploy target has its group's auto-rollback; every other one relies on the stage rollback alone
    expect(groups.length > 0).toBe(DEPLOY_TARGETS[type].rollback === 'codedeploy');
  });
});
