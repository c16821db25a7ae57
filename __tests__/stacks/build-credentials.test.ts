import { isGithubHosted, type PlatformConfig } from '../../model';
import builds from '../fixtures/builds';
import { scenarioConfig } from '../support/config';
import { buildExample, dataOf, resourcesOf, synthObject } from '../support/synth';

type Tf = Record<string, any>;

const CONNECTION_ACTIONS = ['codestar-connections:GetConnection', 'codestar-connections:GetConnectionToken'];

/** The synthesized stacks of `config`, by stack name. */
function synthAll(config: PlatformConfig): Record<string, Tf> {
  const stacks = buildExample(config);
  return Object.fromEntries(stacks.all.map((stack) => [stack.node.id, synthObject(stack)]));
}

// The builds scenario (__tests__/fixtures/builds): services on GitHub and one on GitLab, on four environments.
const config = scenarioConfig(builds);
const tf = synthAll(config);
const githubServices = config.services.filter(isGithubHosted).map((s) => s.name);
const otherServices = config.services.filter((s) => !isGithubHosted(s)).map((s) => s.name);

/** Logical id of the single GitHub connection of a stack (resource or data source). */
function connectionRef(stack: Tf): string {
  const resources = Object.keys(stack.resource?.aws_codestarconnections_connection ?? {}).filter((id) => id.includes('github'));
  if (resources.length === 1) return `\${aws_codestarconnections_connection.${resources[0]}.arn}`;
  const data = Object.keys(stack.data?.aws_codestarconnections_connection ?? {}).filter((id) => id.includes('github'));
  expect(data).toHaveLength(1);
  return `\${data.aws_codestarconnections_connection.${data[0]}.arn}`;
}

/** The service projects of `service` in a stack (by the `<prefix>-<env>-<service>-` name; infrastructure plan/apply aside). */
function projectsOf(stack: Tf, env: string, service: string): Record<string, any>[] {
  return resourcesOf(stack, 'aws_codebuild_project').filter(
    // the service's build purposes (not its infrastructure, image release or Lambda release projects, which the pipeline
    // alone runs: __tests__/stacks/builds.test.ts)
    (p) =>
      String(p.name).startsWith(`acme-${env}-${service}-`) && !/-(iac-plan|iac-apply|image-release|lambda-release)$/.test(String(p.name)),
  );
}

/** The role policy statements of a project: the document whose logical id is its construct path `builds/<service>/<purpose>/policy-document`. */
function statementsOf(stack: Tf, service: string, purpose: string): Record<string, any>[] {
  const prefix = `builds_${service}_${purpose}_policy-document_`;
  const found = Object.entries<any>(stack.data.aws_iam_policy_document).filter(
    ([id]) => id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)),
  );
  expect(found).toHaveLength(1);
  return found[0][1].statement;
}

describe('CodeBuild reaches GitHub through the environment connection (first environment only)', () => {
  test('the fixture has GitHub-hosted and other services', () => {
    expect(githubServices.length).toBeGreaterThan(0);
    expect(otherServices.length).toBeGreaterThan(0);
  });

  test.each(githubServices)('%s: every dev project with a GitHub source authenticates with the dev GitHub connection', (service) => {
    const dev = tf.dev;
    const projects = projectsOf(dev, 'dev', service);
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      expect(project.source.type).toBe('GITHUB');
      expect(project.source.auth).toEqual({ type: 'CODECONNECTIONS', resource: connectionRef(dev) });
    }
  });

  test.each(githubServices)('%s: each dev project role may use exactly that one connection', (service) => {
    for (const purpose of ['build', 'unit-test', 'integration-test', 'security-scan', 'validate']) {
      const connection = statementsOf(tf.dev, service, purpose).filter((s) => s.sid === 'UseSourceConnection');
      expect(connection).toEqual([
        { sid: 'UseSourceConnection', effect: 'Allow', actions: CONNECTION_ACTIONS, resources: [connectionRef(tf.dev)] },
      ]);
    }
  });

  test.each(otherServices)('%s (not on GitHub): no source auth and no connection statement in any project', (service) => {
    for (const env of ['dev', 'test', 'staging', 'prod']) {
      for (const project of projectsOf(tf[env], env, service)) expect(project.source.auth).toBeUndefined();
    }
    for (const purpose of ['build', 'unit-test']) {
      const sids = statementsOf(tf.dev, service, purpose).map((s) => s.sid);
      expect(sids).not.toContain('UseSourceConnection');
    }
  });

  test.each(['test', 'staging', 'prod'])('%s: projects build from the pipeline, with no source auth and no connection rights', (env) => {
    const projects = resourcesOf(tf[env], 'aws_codebuild_project');
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) expect(project.source.auth).toBeUndefined();
    const documents = Object.entries<any>(tf[env].data.aws_iam_policy_document).filter(([id]) => id.startsWith('builds_'));
    expect(documents.length).toBeGreaterThan(0);
    for (const [, doc] of documents) {
      for (const s of doc.statement ?? []) {
        expect((s.actions ?? []).filter((a: string) => a.startsWith('codestar-connections:'))).toEqual([]);
      }
    }
  });

  test('no token anywhere: no account-wide source credential, no token argument in any stack', () => {
    for (const [name, stack] of Object.entries(tf)) {
      expect([name, resourcesOf(stack, 'aws_codebuild_source_credential')]).toEqual([name, []]);
      expect(JSON.stringify(stack)).not.toMatch(/"token"\s*:/);
    }
  });

  test('a GitHub-hosted service without a pipeline still gets the dev GitHub connection for its projects', () => {
    const noPipelines = scenarioConfig(builds, (raw) => {
      raw.services = raw.services.filter((s) => s.name === 'box');
      delete raw.services[0].pipeline;
      for (const env of Object.values(raw.environments)) delete env.stackGroups;
    });
    const stacks = buildExample(noPipelines);
    const dev = synthObject(stacks.environments[0]);
    const connections = resourcesOf(dev, 'aws_codestarconnections_connection');
    expect(connections).toEqual([expect.objectContaining({ name: 'acme-dev-github', provider_type: 'GitHub' })]);
    for (const project of projectsOf(dev, 'dev', 'box')) expect(project.source.auth.resource).toBe(connectionRef(dev));
    // no connection in later environments: nothing builds from GitHub there
    expect(resourcesOf(synthObject(stacks.environments[1]), 'aws_codestarconnections_connection')).toEqual([]);
  });

  test('a split-out stack finds the dev GitHub connection by name and uses it for its projects', () => {
    const split = scenarioConfig(builds, (raw) => {
      for (const env of Object.values(raw.environments)) delete env.stackGroups;
      raw.environments.dev.stackGroups = [{ name: 'payments', teams: ['payments'] }];
    });
    const stacks = buildExample(split);
    const payments = stacks.serviceStacks.find((s) => s.node.id === 'dev-payments');
    expect(payments).toBeDefined();
    const out = synthObject(payments as never);
    expect(dataOf(out, 'aws_codestarconnections_connection')).toEqual([expect.objectContaining({ name: 'acme-dev-github' })]);
    const projects = resourcesOf(out, 'aws_codebuild_project');
    const fromGithub = projects.filter((p) => p.source.type === 'GITHUB');
    expect(fromGithub.length).toBeGreaterThan(0);
    for (const project of fromGithub) expect(project.source.auth).toEqual({ type: 'CODECONNECTIONS', resource: connectionRef(out) });
    // the rest run from the pipeline (the Lambda release step of hook): no source auth
    const fromPipeline = projects.filter((p) => p.source.type !== 'GITHUB');
    expect(fromPipeline.map((p) => [p.name, p.source.type, p.source.auth])).toEqual([
      ['acme-dev-hook-lambda-release', 'CODEPIPELINE', undefined],
    ]);
  });
});
