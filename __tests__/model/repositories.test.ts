import { resolveModel } from '../../model';
import sourceHosts from '../fixtures/source-hosts';
import { scenarioConfig } from '../support/config';

// Which repository a service and its pipeline's source are in is a fact of the model, resolved once: the stacks
// (repositories, deployment environments, pull-request builds, pipeline sources) read it and never re-derive it.
const model = resolveModel(scenarioConfig(sourceHosts));

describe('the repository of each service, resolved once by the model', () => {
  test.each([
    ['gh-app', 'gh-app-repo', 'mini-org/gh-app-repo'],
    ['gh-nopipe', 'gh-nopipe', 'mini-org/gh-nopipe'],
  ])('%s: its repository is %s, on GitHub %s', (name, repository, githubRepository) => {
    expect(model.service(name)).toMatchObject({ repository, githubRepository });
  });

  test.each([
    ['gh-app', 'connection', 'mini-org/gh-app-repo'],
    ['gl-app', 'connection', 'mini-group/gl-app'],
    ['bb-app', 'connection', 'mini/bb-app'],
    ['cc-app', 'codecommit', 'cc-repo'],
  ])("%s: its pipeline's %s source starts from %s", (name, type, repository) => {
    expect(model.service(name).pipeline?.source).toMatchObject({ type, repository });
  });

  test("a CodeCommit source without a repository of its own starts from the service's repository", () => {
    const renamed = resolveModel(
      scenarioConfig(sourceHosts, (raw) => {
        const service = raw.services.find((s) => s.name === 'cc-app')!;
        service.repository = 'cc-own';
        delete service.pipeline.source.repository;
      }),
    );
    expect(renamed.service('cc-app').pipeline?.source).toEqual({ type: 'codecommit', repository: 'cc-own', branch: 'main' });
  });

  test('an S3 source names no repository', () => {
    expect(model.service('s3-app').pipeline?.source).not.toHaveProperty('repository');
  });
});
