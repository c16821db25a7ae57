import { parse } from 'yaml';
import { ecrRepositoryName, imagePullRoleNames, resolveModel } from '../../model';
import { CONTAINER_TARGETS, type DeployTarget } from '../../modules/codebuild-project';
import { configErrorOf, exampleConfig } from '../support/config';
import { exampleTerraform } from '../support/example';
import { resourcesOf } from '../support/synth';

const config = exampleConfig();
const model = resolveModel(config);
const ENVS = model.environments.map((e) => e.name);
/** Services whose build pushes an image: a container deploy target, or `build.docker`. */
const CONTAINER_SERVICES = model.services.filter(
  (s) => s.config.build.docker || (s.pipeline !== undefined && CONTAINER_TARGETS.includes(s.pipeline.deploy.type as DeployTarget)),
);

function project(env: string, name: string): Record<string, any> {
  const found = resourcesOf(exampleTerraform(env), 'aws_codebuild_project').find((p) => p.name === name);
  if (found === undefined) throw new Error(`no project ${name} in ${env}`);
  return found;
}

function policyOf(tf: Record<string, any>, reference: string): Record<string, any>[] {
  const id = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference)![1];
  return tf.data.aws_iam_policy_document[id].statement;
}

describe('ECR repository per container service', () => {
  test('the example has container services on more than one deploy target (the test is not vacuous)', () => {
    expect(new Set(CONTAINER_SERVICES.map((s) => s.pipeline?.deploy.type)).size).toBeGreaterThan(1);
  });

  test.each(ENVS)('%s: a repository for exactly the container services whose pipeline builds here', (env) => {
    const names = resourcesOf(exampleTerraform(env), 'aws_ecr_repository').map((r) => r.name);
    const expected = CONTAINER_SERVICES.filter((s) => (s.reach[0] ?? model.first.name) === env).map((s) =>
      ecrRepositoryName(config.organisation.prefix, s.name),
    );
    expect(names.sort()).toEqual(expected.sort());
    for (const repository of resourcesOf(exampleTerraform(env), 'aws_ecr_repository')) {
      expect(repository).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: expect.stringMatching(/^\$\{(data\.)?aws_kms_key\.[^}]+\.arn\}$/) }],
      });
    }
  });

  test.each(CONTAINER_SERVICES.map((s) => s.name))(
    '%s: pulled by exactly the deploy principals of the later environments of its reach, pushed by its build role only',
    (service) => {
      const resolved = model.service(service);
      const first = model.first;
      const tf = exampleTerraform(first.name);
      const policy = resourcesOf(tf, 'aws_ecr_repository_policy').find((p) =>
        p.repository.startsWith(`\${aws_ecr_repository.builds_${service}_image-repository_`),
      )!;
      const statements = policyOf(tf, policy.policy);
      const later = resolved.reach.slice(1).filter((e) => model.environment(e).account !== first.account);
      const pull = statements.find((s) => s.sid === 'PullFromLaterEnvironments');
      const expectedRoles = later.flatMap((e) =>
        imagePullRoleNames(config.organisation.prefix, e, service, resolved.pipeline!.deploy).map(
          (role) => `arn:aws:iam::${model.environment(e).account}:role/${role}`,
        ),
      );
      if (expectedRoles.length === 0) expect(pull).toBeUndefined();
      else expect(pull!.condition).toEqual([{ test: 'ArnEquals', variable: 'aws:PrincipalArn', values: expectedRoles }]);
      const buildRole = `arn:aws:iam::${first.account}:role/${config.organisation.prefix}-${first.name}-${service}-build-cb`;
      expect(statements.find((s) => s.sid === 'PushFromTheBuildProject')!.principals).toEqual([{ type: 'AWS', identifiers: [buildRole] }]);
    },
  );

  test.each(CONTAINER_SERVICES.map((s) => s.name))(
    '%s: the build pushes to its repository (IMAGE_REPOSITORY_URI, push rights on it only) and records the digest it deploys',
    (service) => {
      const first = model.first;
      const tf = exampleTerraform(first.name);
      const prefix = config.organisation.prefix;
      const build = project(first.name, `${prefix}-${first.name}-${service}-build`);
      const uri = `${first.account}.dkr.ecr.${first.region}.amazonaws.com/${ecrRepositoryName(prefix, service)}`;
      expect(build.environment.environment_variable).toEqual([{ name: 'IMAGE_REPOSITORY_URI', value: uri, type: 'PLAINTEXT' }]);
      const roleDocument = Object.entries(tf.data.aws_iam_policy_document as Record<string, any>).find(([id]) =>
        id.startsWith(`builds_${service}_build_policy-document_`),
      )![1];
      const ecr = roleDocument.statement.filter((s: any) => s.actions.some((a: string) => a.startsWith('ecr:')));
      expect(ecr.map((s: any) => [s.sid, s.resources])).toEqual([
        ['EcrAuthorizationToken', ['*']],
        ['PushOwnImage', [`arn:aws:ecr:${first.region}:${first.account}:repository/${ecrRepositoryName(prefix, service)}`]],
      ]);
      // build once: the artifact names the image by the digest the push returned, never by a tag
      const commands: string[] = Object.values(parse(build.source.buildspec).phases as Record<string, { commands?: string[] }>).flatMap(
        (p) => p.commands ?? [],
      );
      expect(commands).toContain('export IMAGE_URI="$IMAGE_REPOSITORY_URI@$IMAGE_DIGEST"');
      expect(commands.some((c) => c.includes('imageDetail.json') && c.includes('os.environ["IMAGE_URI"]'))).toBe(true);
      // later environments have no build: they deploy the promoted artifact, so the same digest
      for (const env of model.service(service).reach.slice(1)) {
        expect(resourcesOf(exampleTerraform(env), 'aws_codebuild_project').map((p) => p.name)).not.toContain(
          `${prefix}-${env}-${service}-build`,
        );
      }
    },
  );
});

describe('EKS: the node role that pulls is the one the config names, per environment', () => {
  const eks = CONTAINER_SERVICES.filter((s) => s.pipeline?.deploy.type === 'eks' && s.reach.length > 1);

  test('the example has an EKS service promoted to a later environment (the test is not vacuous)', () => {
    expect(eks.length).toBeGreaterThan(0);
  });

  test.each(eks.map((s) => s.name))('%s: each later environment pulls with its nodeRoleNames entry', (service) => {
    const resolved = model.service(service);
    const deploy = resolved.pipeline!.deploy as { type: 'eks'; nodeRoleNames: Record<string, string> };
    for (const env of resolved.reach.slice(1)) {
      expect(imagePullRoleNames(config.organisation.prefix, env, service, deploy)).toEqual([deploy.nodeRoleNames[env]]);
    }
  });

  test.each(eks.map((s) => s.name))('%s: a later environment without its node role is refused at load, naming the field', (service) => {
    const later = model.service(service).reach[1];
    const error = configErrorOf((raw: any) => {
      const entry = raw.services.find((s: any) => s.name === service);
      delete entry.pipeline.deploy.nodeRoleNames[later];
    });
    expect(error.message).toBe(
      `environments/services.ts (service "${service}", environment "${later}"): pipeline.deploy.nodeRoleNames.${later}: is required: the name of the IAM role ` +
        `of the nodes of EKS cluster ${config.organisation.prefix}-${later} in ${later}, which pulls the image (the service's ECR repository lets exactly that role pull)`,
    );
  });

  test('building without the check of the load still stops, naming the field', () => {
    expect(() => imagePullRoleNames('acme', 'uat', 'svc', { type: 'eks', nodeRoleNames: {} })).toThrow(
      'environments/services.ts (service "svc", environment "uat"): pipeline.deploy.nodeRoleNames.uat: is required',
    );
  });
});
