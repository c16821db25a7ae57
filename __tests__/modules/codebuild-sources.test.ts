import type { CodebuildProjectProps } from '../../modules/codebuild-project';
import { CODEBUILD_BASE, synthCodebuildProject } from '../support/codebuild';
import { dataOf, resourcesOf } from '../support/synth';

const BASE: CodebuildProjectProps = { ...CODEBUILD_BASE, source: { type: 'CODEPIPELINE' } };

function synth(overrides: Partial<CodebuildProjectProps>): Record<string, any> {
  return synthCodebuildProject({ ...BASE, ...overrides });
}
const statementsOf = (tf: Record<string, any>) =>
  dataOf(tf, 'aws_iam_policy_document').find((d) => d.statement.some((s: any) => s.sid === 'WriteOwnLogs'))!.statement as any[];
const extraSids = (tf: Record<string, any>) =>
  statementsOf(tf)
    .map((s) => s.sid)
    .filter((sid) => !['WriteOwnLogs', 'OwnArtifactPrefix', 'ArtifactBucketLocation', 'UseEnvironmentKey'].includes(sid));

describe('CodebuildProject sources other than GitHub', () => {
  test('CodeCommit: the clone URL and branch, pull from that repository only, no webhook and no status reporting', () => {
    const tf = synth({
      source: {
        type: 'CODECOMMIT',
        location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/reporting',
        repositoryArn: 'arn:aws:codecommit:eu-west-1:222222222222:reporting',
        branch: 'main',
      },
    });
    const [project] = resourcesOf(tf, 'aws_codebuild_project');
    expect(project.source).toEqual({
      type: 'CODECOMMIT',
      location: 'https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/reporting',
      git_clone_depth: 1,
      buildspec: expect.any(String),
    });
    expect(project.source_version).toBe('refs/heads/main');
    expect(resourcesOf(tf, 'aws_codebuild_webhook')).toEqual([]);
    expect(statementsOf(tf).find((s) => s.sid === 'PullOwnSource')).toEqual({
      sid: 'PullOwnSource',
      effect: 'Allow',
      actions: ['codecommit:GitPull'],
      resources: ['arn:aws:codecommit:eu-west-1:222222222222:reporting'],
    });
  });

  test('S3: the upload as location, read of exactly that object', () => {
    const tf = synth({
      source: {
        type: 'S3',
        location: 'artifacts/uploads/portal/release.zip',
        objectArn: 'arn:aws:s3:::artifacts/uploads/portal/release.zip',
      },
    });
    const [project] = resourcesOf(tf, 'aws_codebuild_project');
    expect(project.source).toEqual({ type: 'S3', location: 'artifacts/uploads/portal/release.zip', buildspec: expect.any(String) });
    expect(project.source_version).toBeUndefined();
    expect(statementsOf(tf).find((s) => s.sid === 'ReadOwnSource')).toEqual({
      sid: 'ReadOwnSource',
      effect: 'Allow',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: ['arn:aws:s3:::artifacts/uploads/portal/release.zip'],
    });
    expect(resourcesOf(tf, 'aws_codebuild_webhook')).toEqual([]);
  });

  test.each(['CODEPIPELINE', 'NO_SOURCE'] as const)('%s: the buildspec alone, no source permission, no webhook', (type) => {
    const tf = synth({ source: { type } });
    const [project] = resourcesOf(tf, 'aws_codebuild_project');
    expect(project.source).toEqual({ type, buildspec: expect.any(String) });
    expect(project.artifacts.type).toBe(type === 'CODEPIPELINE' ? 'CODEPIPELINE' : 'S3');
    expect(extraSids(tf)).toEqual([]);
    expect(resourcesOf(tf, 'aws_codebuild_webhook')).toEqual([]);
  });

  test('assumeRoleArns: sts:AssumeRole on exactly those roles, sorted and once each', () => {
    const tf = synth({
      assumeRoleArns: ['arn:aws:iam::222222222222:role/b', 'arn:aws:iam::222222222222:role/a', 'arn:aws:iam::222222222222:role/b'],
    });
    expect(statementsOf(tf).find((s) => s.sid === 'AssumeNamedRoles')).toEqual({
      sid: 'AssumeNamedRoles',
      effect: 'Allow',
      actions: ['sts:AssumeRole'],
      resources: ['arn:aws:iam::222222222222:role/a', 'arn:aws:iam::222222222222:role/b'],
    });
  });
});

describe('CodebuildProject GitHub source through a connection', () => {
  const connectionArn = 'arn:aws:codestar-connections:eu-west-1:222222222222:connection/abc';

  test('source.auth CODECONNECTIONS on that connection; the role may read it and fetch its tokens, nothing else', () => {
    const tf = synth({
      source: { type: 'GITHUB', location: 'https://github.com/acme/svc.git', connectionArn, pullRequests: { checkName: 'svc/build' } },
    });
    const [project] = resourcesOf(tf, 'aws_codebuild_project');
    expect(project.source.auth).toEqual({ type: 'CODECONNECTIONS', resource: connectionArn });
    expect(extraSids(tf)).toEqual(['UseSourceConnection']);
    expect(statementsOf(tf).find((s) => s.sid === 'UseSourceConnection')).toEqual({
      sid: 'UseSourceConnection',
      effect: 'Allow',
      actions: ['codestar-connections:GetConnection', 'codestar-connections:GetConnectionToken'],
      resources: [connectionArn],
    });
    expect(resourcesOf(tf, 'aws_codebuild_webhook')).toHaveLength(1);
  });

  test('without a connection: no auth block (the account credential applies) and no connection right', () => {
    const tf = synth({ source: { type: 'GITHUB', location: 'https://github.com/acme/svc.git' } });
    expect(resourcesOf(tf, 'aws_codebuild_project')[0].source.auth).toBeUndefined();
    expect(extraSids(tf)).toEqual([]);
  });
});
