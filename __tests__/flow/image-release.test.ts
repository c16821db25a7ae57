/**
 * The release tagger, executed: each container service's pipeline, in the environment that builds its image, tags the
 * image it promotes `release-...` (its Promote stage, before the hand-over). The synthesized project runs over an
 * artifact whose imageDetail.json names the pushed image, against the runner's registry stub (tools/flow/stubs); then
 * the repository's synthesized lifecycle rules, evaluated as ECR documents them, keep that image through 300 later
 * builds.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RELEASE_TAG_PREFIX } from '../../modules/ecr-repository';
import { openSession, runBuild, type BuildRun, type Session } from '../../tools/flow/codebuild';
import { actionVariables, type FlowAction, type FlowPipeline } from '../../tools/flow/synthesized';
import { expiredBy, type LifecycleImage } from '../support/ecr-lifecycle';
import { exampleTerraform } from '../support/example';
import { exampleSynthesized, FLOW_TIMEOUT_MS } from '../support/flow';

const synth = exampleSynthesized();

/** The Promote stage's release actions of the example, with their pipelines. */
const releases = synth.pipelines.flatMap((pipeline) =>
  pipeline.stages
    .filter((s) => s.name === 'Promote')
    .flatMap((s) => s.actions.filter((a) => a.configuration.ProjectName?.endsWith('-image-release')))
    .map((action) => ({ pipeline, action })),
);

let tmp: string;
beforeAll(() => {
  // under jest's run folder (TMPDIR), removed here and at the end of the run: nothing is left in /tmp
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-release-'));
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

/** The repository the project tags: the URI its buildspec accepts images of. */
function repositoryUriOf(action: FlowAction): string {
  const spec = JSON.stringify(synth.projects.get(action.configuration.ProjectName)!.buildspec);
  return /case \\"\$IMAGE_URI\\" in ([^@]+)@sha256:/.exec(spec)![1];
}

test('every container service whose pipeline promotes from where it builds tags the image it promotes', () => {
  const promoting = synth.pipelines.filter((p) => p.stages.some((s) => s.name === 'Build') && p.stages.some((s) => s.name === 'Promote'));
  const withImages = promoting.filter((p) => synth.projects.get(`${p.name}-build`)?.variables.IMAGE_REPOSITORY_URI !== undefined);
  expect(withImages.length).toBeGreaterThan(0);
  expect(releases.map((r) => r.pipeline.name).sort()).toEqual(withImages.map((p) => p.name).sort());
  for (const { pipeline, action } of releases) {
    const promote = pipeline.stages.find((s) => s.name === 'Promote')!;
    // tagged before the hand-over: a later environment never receives an image the rules could still expire
    expect(promote.actions.filter((a) => a !== action).map((a) => a.runOrder)).toEqual([action.runOrder + 1]);
  }
});

describe.each(releases.map((r) => [r.pipeline.name, r] as const))('%s: the release tag', (_, { pipeline, action }) => {
  test(
    'tags the promoted digest once, refuses an image of another repository, and the lifecycle rules keep it',
    () => {
      const session = openSession(fs.mkdtempSync(path.join(tmp, 'session-')), {});
      const uri = repositoryUriOf(action);
      const digest = `sha256:${'ab12cd34ef56'.repeat(5)}abcd`;
      const registry = path.join(session.root, 'shared', 'registry.json');
      fs.writeFileSync(registry, JSON.stringify({ [`${uri}:commit1`]: digest, [`${uri}:commit2`]: `sha256:${'9'.repeat(64)}` }));
      const artifact = path.join(session.root, 'artifact');
      fs.mkdirSync(artifact);
      fs.writeFileSync(path.join(artifact, 'imageDetail.json'), JSON.stringify({ ImageURI: `${uri}@${digest}` }));

      const first = run(session, pipeline, action, artifact);
      expect([first.ok, first.error]).toEqual([true, expect.any(String)]);
      const tag = `${RELEASE_TAG_PREFIX}${digest.slice(7, 19)}`;
      expect(JSON.parse(fs.readFileSync(registry, 'utf8'))[`${uri}:${tag}`]).toBe(digest);
      expect(first.calls.filter((c) => c.startsWith('aws ecr put-image'))).toHaveLength(1);

      // a rerun (a retried stage) finds the tag there: tags are immutable, it puts nothing
      const again = run(session, pipeline, action, artifact);
      expect([again.ok, again.calls.filter((c) => c.startsWith('aws ecr put-image'))]).toEqual([true, []]);

      const foreign = path.join(session.root, 'foreign');
      fs.mkdirSync(foreign);
      fs.writeFileSync(
        path.join(foreign, 'imageDetail.json'),
        JSON.stringify({ ImageURI: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/other@${digest}` }),
      );
      const refused = run(session, pipeline, action, foreign);
      expect([refused.ok, refused.error]).toEqual([false, expect.stringContaining(`not an image of ${uri} by digest`)]);

      // the repository's own rules (its stack's synthesized policy), 300 builds later
      const tf = exampleTerraform(pipeline.stack);
      const repositories = tf.resource.aws_ecr_repository as Record<string, { name: string }>;
      const id = Object.keys(repositories).find((k) => uri.endsWith(`/${repositories[k].name}`))!;
      const policy = Object.values(tf.resource.aws_ecr_lifecycle_policy as Record<string, { repository: string; policy: string }>).find(
        (p) => p.repository === `\${aws_ecr_repository.${id}.name}`,
      )!.policy;
      const tags = JSON.parse(fs.readFileSync(registry, 'utf8')) as Record<string, string>;
      const images: LifecycleImage[] = [
        {
          digest,
          tags: Object.keys(tags)
            .filter((t) => tags[t] === digest)
            .map((t) => t.slice(uri.length + 1)),
          pushedDay: 1,
        },
        { digest: `sha256:${'9'.repeat(64)}`, tags: ['commit2'], pushedDay: 2 },
        ...Array.from({ length: 300 }, (_, i) => ({ digest: `sha256:later${i}`, tags: [`later${i}`], pushedDay: 3 + i })),
      ];
      const expired = expiredBy(policy, images, 400);
      expect([expired.has(digest), expired.has(`sha256:${'9'.repeat(64)}`)]).toEqual([false, true]);
    },
    FLOW_TIMEOUT_MS,
  );
});
