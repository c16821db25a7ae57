/**
 * Issue 14, trust boundaries: a service's infrastructure builds run as roles of the service's own, never as a
 * platform role. Read on the synthesized example (every stack) and on a variant that declares actions.
 */
import { isReadAction } from '../../modules/infrastructure-role';
import { resolveInfrastructure, serviceStateScopes, stateReadRoleName, type PlatformConfig } from '../../model';
import { configErrorOf, exampleConfig, EXAMPLE_STACKS } from '../support/config';
import { exampleTerraform } from '../support/example';
import { roleStatements, trustStatements } from '../support/pipelines';
import { buildExample, resourcesOf, synthObject } from '../support/synth';

const config = exampleConfig();
const ENVS = config.environments.map((e) => e.name);
const stacksOf = (tfs: Record<string, Record<string, any>>, env: string) =>
  Object.entries(tfs).filter(([name]) => name === env || (name.startsWith(`${env}-`) && name !== `${env}-access`));

/** Every (environment, service) where a service's infrastructure builds run, with the resolved block. */
function infrastructureIn(cfg: PlatformConfig) {
  return serviceStateScopes(cfg).map((s) => ({
    ...s,
    infrastructure: resolveInfrastructure(
      cfg.services.find((x) => x.name === s.service)!,
      cfg.environments.find((e) => e.name === s.environment)!,
      cfg.organisation,
    )!,
  }));
}

/** The platform's roles (in any account): what no service build may reach. */
function platformRoleNames(cfg: PlatformConfig): string[] {
  const { management, sourceControl, stateBackend } = cfg.organisation;
  return [
    management.deployRoleName,
    management.planRoleName,
    sourceControl.deployRoleName,
    stateBackend.roleName,
    stateBackend.readRoleName,
    ...cfg.environments.flatMap((e) => [e.account.deployRoleName, e.account.planRoleName, stateReadRoleName(cfg.organisation, e.name)]),
  ];
}

const example: Record<string, Record<string, any>> = Object.fromEntries(EXAMPLE_STACKS.map((s) => [s, exampleTerraform(s)]));
const builds = infrastructureIn(config);

describe('service infrastructure builds reach no platform role', () => {
  test('the example has infrastructure builds to check', () => {
    expect(builds.length).toBeGreaterThan(0);
  });

  test.each(ENVS)('%s: no -iac- project role may assume a platform role, or any role but its service-purpose role', (env) => {
    const platform = new Set(platformRoleNames(config));
    for (const [, tf] of stacksOf(example, env)) {
      for (const role of resourcesOf(tf, 'aws_iam_role').filter((r) => /-iac-(plan|apply)-cb$/.test(r.name))) {
        const assumable = roleStatements(tf, role.name)
          .filter((s) => (s.actions ?? []).includes('sts:AssumeRole'))
          .flatMap((s) => s.resources);
        expect(assumable).toHaveLength(1);
        const target = assumable[0].split(':role/')[1];
        expect([role.name, platform.has(target)]).toEqual([role.name, false]);
        expect(target).not.toContain('*');
      }
    }
  });

  test.each(ENVS)("%s: the platform's roles trust no -iac- project role", (env) => {
    const trusted = JSON.stringify(
      resourcesOf(example[`${env}-access`], 'aws_iam_role').map((r) => trustStatements(example[`${env}-access`], r.name)),
    );
    expect(trusted).not.toMatch(/-iac-(plan|apply)-cb/);
  });

  test.each(builds.filter((b) => b.infrastructure.ownPlanRole).map((b) => [b.environment, b.service, b.infrastructure.planRoleName]))(
    '%s %s: its own plan role reads only, carries the boundary and is trusted by its plan project alone',
    (env, service, roleName) => {
      const tf = stacksOf(example, env).find(([, t]) => resourcesOf(t, 'aws_iam_role').some((r) => r.name === roleName))![1];
      const role = resourcesOf(tf, 'aws_iam_role').find((r) => r.name === roleName)!;
      expect(role.permissions_boundary).toMatch(/:policy\/acme-cicd-permissions-boundary$/);
      const statements = roleStatements(tf, roleName);
      const actions = statements.flatMap((s) => s.actions);
      expect(actions.filter((a) => a !== 'sts:AssumeRole' && !isReadAction(a))).toEqual([]);
      expect(statements.find((s) => s.sid === 'ItsOwnState').resources).toEqual([
        `arn:aws:iam::111111111111:role/cicd-platform-state-${env}-svc-${service}-read`,
      ]);
      expect(trustStatements(tf, roleName)).toEqual([
        {
          sid: 'ItsBuildProject',
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'AWS', identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.infrastructure-builds_.*plan.*\.arn\}$/)] }],
        },
      ]);
      const trusted = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(trustStatements(tf, roleName)[0].principals[0].identifiers[0])![1];
      expect(tf.resource.aws_iam_role[trusted].name).toBe(`acme-${env}-${service}-iac-plan-cb`);
    },
  );
});

describe("a service's own state key", () => {
  const bootstrap = example.bootstrap;
  test.each(builds.map((b) => [b.environment, b.service, b.stateKey, b.writeRoleName, b.readRoleName, b.applyRoleArn, b.planRoleArn]))(
    '%s %s: written by its apply role alone, read by its plan role alone, no other key',
    (_env, _service, key, writeRole, readRole, applyArn, planArn) => {
      const admitted = (name: string) => trustStatements(bootstrap, name).flatMap((s: any) => s.condition.flatMap((c: any) => c.values));
      expect(admitted(writeRole)).toEqual([applyArn]);
      expect(admitted(readRole)).toEqual([planArn]);
      const objects = (name: string, action: string) =>
        roleStatements(bootstrap, name)
          .filter((s) => s.actions.includes(action))
          .flatMap((s) => s.resources)
          .map((r: string) => r.replace(/^\$\{aws_s3_bucket\.[^}]+\}\//, ''));
      expect(objects(writeRole, 's3:PutObject')).toEqual([key, `${key}.tflock`]);
      expect(objects(readRole, 's3:PutObject')).toEqual([]);
      expect(objects(readRole, 's3:GetObject')).toEqual([key]);
      // and no platform principal is admitted to a service's state role, nor a service role to the platform's
      for (const scope of resourcesOf(bootstrap, 'aws_iam_role').filter((r) => !r.name.includes('-svc-'))) {
        expect(JSON.stringify(trustStatements(bootstrap, scope.name))).not.toContain(applyArn);
      }
    },
  );
});

describe('a service that declares actions', () => {
  const [first] = builds;
  const ACTIONS = ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:ListQueueTags'];
  const declared = exampleConfig((raw: any) => {
    const svc = raw.services.find((s: any) => s.name === first.service);
    const block = svc.pipeline.infrastructure ?? svc.pipeline.deploy;
    block.actions = ACTIONS;
    delete block.planRoleName;
    delete block.applyRoleName;
    raw.organisation.permissionsBoundary = { ...(raw.organisation.permissionsBoundary ?? {}), additionalActions: ACTIONS };
  });
  const env = declared.environments.find((e) => e.name === first.environment)!;
  const stacks = buildExample(declared);
  const tf = synthObject(stacks.all.find((s) => s.node.id === env.name)!);
  const prefix = `acme-${first.service}-`;

  test('the apply role may call exactly the declared actions, on resources named with the service prefix only', () => {
    const statements = roleStatements(tf, `acme-${env.name}-${first.service}-iac-apply-tf`);
    expect(statements.map((s) => [s.sid, s.actions, s.resources])).toEqual([
      ['ItsOwnResources', ACTIONS, [`arn:aws:sqs:eu-west-1:${env.account.id}:${prefix}*`]],
      ['ItsOwnState', ['sts:AssumeRole'], [`arn:aws:iam::111111111111:role/cicd-platform-state-${env.name}-svc-${first.service}`]],
    ]);
  });

  test('the plan role gets the reads among them only', () => {
    const statements = roleStatements(tf, `acme-${env.name}-${first.service}-iac-plan-tf`);
    expect(statements[0].actions).toEqual(['sqs:GetQueueAttributes', 'sqs:ListQueueTags']);
    expect(statements[0].resources).toEqual([`arn:aws:sqs:eu-west-1:${env.account.id}:${prefix}*`]);
  });

  test('an action the boundary does not allow stops the config load, naming the file, field and fix', () => {
    const error = configErrorOf((raw: any) => {
      const svc = raw.services.find((s: any) => s.name === first.service);
      (svc.pipeline.infrastructure ?? svc.pipeline.deploy).actions = ['sqs:CreateQueue'];
    });
    expect(error.message).toContain(
      `environments/services.ts (service "${first.service}"): ${first.infrastructure.field}.actions[0]: "sqs:CreateQueue" is not allowed by the permissions boundary on the service's resources`,
    );
    expect(error.message).toContain('add it to organisation.permissionsBoundary.additionalActions in environments/organisation.ts');
  });
});

describe('bad config: a service build may not run as a platform role', () => {
  const [first] = builds;
  const setRole = (key: 'planRoleName' | 'applyRoleName', name: string) => (raw: any) => {
    const svc = raw.services.find((s: any) => s.name === first.service);
    (svc.pipeline.infrastructure ?? svc.pipeline.deploy)[key] = name;
  };
  const dev = config.environments[0];
  test.each([
    ['planRoleName', dev.account.deployRoleName],
    ['applyRoleName', dev.account.deployRoleName],
    ['applyRoleName', dev.account.planRoleName],
    ['planRoleName', config.organisation.sourceControl.deployRoleName],
    ['applyRoleName', config.organisation.stateBackend.roleName],
    ['applyRoleName', `${config.organisation.stateBackend.roleName}-prod`],
    ['applyRoleName', `${config.organisation.prefix}-${dev.name}-other-build-cb`],
  ] as const)('%s "%s"', (key, name) => {
    const message = configErrorOf(setRole(key, name)).message;
    expect(message).toContain(
      `environments/services.ts (service "${first.service}"): ${first.infrastructure.field}.${key}: "${name}" is a platform role (`,
    );
    expect(message).toContain(
      `; a service's infrastructure may not run as one. Remove ${key} (the platform creates the service's own role`,
    );
  });

  test('each platform role is named for what it is', () => {
    const message = (name: string) => configErrorOf(setRole('applyRoleName', name)).message;
    expect(message(config.organisation.sourceControl.deployRoleName)).toContain('(the GitHub deploy role)');
    expect(message(`${config.organisation.stateBackend.roleName}-prod`)).toContain('(a state role)');
    expect(message(`${config.organisation.prefix}-${dev.name}-other-build-cb`)).toContain('(a role the platform creates)');
  });

  test('an action whose service cannot be scoped by name', () => {
    const error = configErrorOf((raw: any) => {
      const svc = raw.services.find((s: any) => s.name === first.service);
      (svc.pipeline.infrastructure ?? svc.pipeline.deploy).actions = ['sqs:CreateQueue', 'iam:CreateRole'];
    });
    expect(error.message).toContain(
      `environments/services.ts (service "${first.service}"): ${first.infrastructure.field}.actions[1]: "iam:CreateRole": the service's roles are scoped to its own resources by name, which "iam" does not allow; use one of`,
    );
  });

  test('a wildcard action', () => {
    const error = configErrorOf((raw: any) => {
      const svc = raw.services.find((s: any) => s.name === first.service);
      (svc.pipeline.infrastructure ?? svc.pipeline.deploy).actions = ['sqs:*'];
    });
    expect(error.message).toContain(`${first.infrastructure.field}.actions[0]`);
  });
});
