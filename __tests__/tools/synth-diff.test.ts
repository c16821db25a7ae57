import scenario from '../fixtures/synth-diff';
import { scenarioConfig, type RawConfig } from '../support/config';
import type { PlatformStacks } from '../../stacks';
import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { diffOutputs, diffSynth, renderMarkdown, renderText, type SynthDiff } from '../../tools/diff';
import { widening, policiesOf } from '../../tools/diff/iam';
import { once, standInPipelines, synthInto, tempDir } from './support/synth-pair';

const tmp = tempDir('synth-diff-test-');
afterAll(() => tmp.cleanup());

let counter = 0;
const out = () => `${tmp.dir}/out-${++counter}`;

let plainBase: string;
let standInBase: string;
beforeAll(() => {
  plainBase = synthInto(scenarioConfig(scenario), out());
  standInBase = synthInto(scenarioConfig(scenario), out(), standInPipelines);
});

/** Diff the scenario (fixtures/synth-diff) against the scenario changed by `mutate` (and optionally extended). */
function diffAgainst(
  mutate: (raw: RawConfig) => void,
  options: { standIns?: boolean; extend?: (stacks: PlatformStacks) => void } = {},
): SynthDiff {
  const head = synthInto(scenarioConfig(scenario, mutate), out(), (stacks) => {
    if (options.standIns) standInPipelines(stacks);
    options.extend?.(stacks);
  });
  return diffSynth(options.standIns ? standInBase : plainBase, head);
}

/** Diff the scenario changed by `mutate` against the scenario itself: the change that undoes `mutate`. */
function diffFrom(mutate: (raw: RawConfig) => void, options: { standIns?: boolean } = {}): SynthDiff {
  const base = synthInto(scenarioConfig(scenario, mutate), out(), options.standIns ? standInPipelines : undefined);
  return diffSynth(base, options.standIns ? standInBase : plainBase);
}

const stackOf = (diff: SynthDiff, name: string) => diff.stacks.find((s) => s.stack === name)!;

test('the same configuration gives no change and no callout', () => {
  const diff = diffAgainst(() => undefined);
  expect(diff.stacks.map((s) => [s.stack, s.status])).toEqual([
    ['bootstrap', 'unchanged'],
    ['dev', 'unchanged'],
    ['dev-access', 'unchanged'],
    ['management-access', 'unchanged'],
    ['platform', 'unchanged'],
    ['prod', 'unchanged'],
    ['prod-access', 'unchanged'],
  ]);
  expect(diff.callouts).toEqual([]);
  expect(renderMarkdown(diff)).toBe('### Synth diff\n\nNo change in the synthesized output.\n');
});

describe('a service added', () => {
  const diff = once(() => diffAgainst((raw) => raw.services.push({ name: 'billing-api', description: 'Invoices', team: 'payments' })));
  const byPath = (d: SynthDiff, stack: string, path: string) => stackOf(d, stack).added.find((r) => r.path === path);

  test('lists its resources as added, and nothing removed or called out as dangerous', () => {
    const d = diff();
    expect(byPath(d, 'platform', 'platform/source-control/repo-billing-api/repository')).toMatchObject({ type: 'github_repository' });
    expect(byPath(d, 'platform', 'platform/source-control/repo-billing-api/protection/protection')).toMatchObject({
      type: 'github_branch_protection',
    });
    // no pipeline: it deploys nowhere, so no GitHub deployment environment in any environment (only where used)
    for (const env of ['dev', 'prod']) {
      expect(byPath(d, env, `${env}/deploy-access/repo-billing-api/environment`)).toBeUndefined();
    }
    expect(stackOf(d, 'dev').added.map((r) => r.path)).toContain('dev/builds/billing-api/build/project');
    // every addition belongs to the new service
    expect(d.stacks.flatMap((s) => s.added).filter((r) => !r.path.includes('billing-api'))).toEqual([]);
    expect(d.stacks.flatMap((s) => s.removed)).toEqual([]);
    expect(d.callouts.filter((c) => c.severity === 'danger')).toEqual([]);
    // no state of its own: bootstrap and the access stacks stay as they are, nothing for an administrator to apply
    expect(d.callouts.filter((c) => c.category === 'administrator')).toEqual([]);
  });

  test('renders the addition in the terminal and in Markdown', () => {
    const d = diff();
    const repository = byPath(d, 'platform', 'platform/source-control/repo-billing-api/repository')!;
    expect(renderText(d)).toMatch(/^platform \(changed\): \d+ added, 0 removed, \d+ changed$/m);
    expect(renderText(d)).toContain(`\n  + ${repository.address}  (platform/source-control/repo-billing-api/repository)\n`);
    const markdown = renderMarkdown(d);
    expect(markdown).toMatch(/^\| platform \| changed \| \d+ \| 0 \| \d+ \| 0 \|$/m);
    expect(markdown).toContain(`- ➕ \`${repository.address}\` platform/source-control/repo-billing-api/repository`);
    expect(markdown).not.toContain('🛑');
  });

  test('removing a service calls out its repository and its protections', () => {
    const d = diffAgainst((raw) =>
      raw.services.splice(
        raw.services.findIndex((s) => s.name === 'relay'),
        1,
      ),
    );
    const platform = d.callouts.filter((c) => c.stack === 'platform').map((c) => `${c.severity} ${c.category}: ${c.message}`);
    expect(platform).toEqual(
      expect.arrayContaining([
        'danger stateful: GitHub repository platform/source-control/repo-relay/repository is REMOVED: Terraform archives it on GitHub (archive_on_destroy), it does not delete it: the repository turns read-only and keeps its code, issues and history',
        'danger protection: branch protection platform/source-control/repo-relay/protection/protection is removed',
      ]),
    );
    expect(d.callouts.map((c) => c.message)).toContain(
      'deployment environment (its reviewers and wait timer) prod/deploy-access/repo-relay/environment is removed',
    );
  });
});

describe('a service with its own infrastructure added', () => {
  const diff = once(() =>
    diffAgainst((raw) =>
      raw.services.push({
        name: 'ledger-infra',
        description: 'Ledger with its own infrastructure',
        team: 'payments',
        build: { ecosystem: 'npm', codeArtifact: false },
        pipeline: {
          pattern: 'infra-app',
          infrastructure: { tool: 'cdktf', directory: 'infra', cdktfVersion: '0.21.0', stack: 'ledger' },
          deploy: { type: 'ecs', service: 'ledger' },
        },
      }),
    ),
  );

  test('says that bootstrap changes (its state roles) and that an administrator must apply it, and no workflow will', () => {
    const d = diff();
    expect(stackOf(d, 'bootstrap').added.map((r) => r.path)).toEqual(
      expect.arrayContaining(['bootstrap/state-backend/svc-write-dev-ledger-infra', 'bootstrap/state-backend/svc-read-dev-ledger-infra']),
    );
    expect(d.callouts.filter((c) => c.category === 'administrator')).toEqual([
      {
        severity: 'warning',
        category: 'administrator',
        stack: 'bootstrap',
        address: 'bootstrap',
        message:
          'bootstrap changes and no workflow applies it: once this merges, an administrator of account 100000000001 must apply it with ' +
          'their own credentials (npx cdktf deploy bootstrap; docs/bootstrap-and-access.md); until then what it adds does not exist and ' +
          'the plans and applies that need it fail',
      },
    ]);
    expect(renderText(d)).toMatch(/stacks change; .*, 1 stack\(s\) an administrator must apply by hand \(bootstrap\)\.$/m);
    expect(renderMarkdown(d)).toContain('⚠️ **bootstrap** · administrator: bootstrap changes and no workflow applies it');
  });
});

describe('a bucket replaced (the state bucket renamed)', () => {
  const diff = once(() => diffAgainst((raw) => (raw.organisation.stateBackend.bucketName = 'mini-cicd-platform-state-v2')));

  test('reports the ForceNew attribute and calls out the replacement', () => {
    const d = diff();
    // the management trail's data event selector names the bucket too: it changes in place
    const changed = stackOf(d, 'bootstrap').changed;
    // and each state role's lock condition (dynamodb:LeadingKeys `<bucket>/<key>`) names it: those documents change too
    expect([...new Set(changed.map((c) => c.type))].sort()).toEqual(['aws_cloudtrail', 'aws_iam_policy_document', 'aws_s3_bucket']);
    expect(
      changed
        .filter((c) => c.type === 'aws_iam_policy_document')
        .every((c) => /state-backend\/(access-role|write-role|read-role|svc-)/.test(c.path)),
    ).toBe(true);
    const bucket = changed.find((c) => c.type === 'aws_s3_bucket')!;
    expect(bucket).toMatchObject({ type: 'aws_s3_bucket', path: 'bootstrap/state-backend/bucket/bucket', forceNew: ['bucket'] });
    expect(bucket.changes).toEqual([
      { path: 'bucket', before: 'mini-cicd-platform-tfstate-100000000001', after: 'mini-cicd-platform-state-v2' },
    ]);
    expect(d.callouts.find((c) => c.category === 'stateful')).toEqual({
      severity: 'danger',
      category: 'stateful',
      stack: 'bootstrap',
      address: bucket.address,
      path: 'bootstrap/state-backend/bucket/bucket',
      message:
        'S3 bucket bootstrap/state-backend/bucket/bucket is REPLACED (destroyed and re-created): bucket "mini-cicd-platform-tfstate-100000000001" -> "mini-cicd-platform-state-v2"',
    });
  });

  test('calls out that every remote stack moves its state', () => {
    const d = diff();
    expect(d.callouts.filter((c) => c.category === 'state').map((c) => [c.stack, c.address])).toEqual(
      d.stacks.filter((s) => s.stack !== 'bootstrap').map((s) => [s.stack, 'terraform.backend']),
    );
    expect(d.callouts.find((c) => c.stack === 'dev' && c.category === 'state')!.message).toBe(
      'the state backend changes (terraform.backend.s3.bucket: "mini-cicd-platform-tfstate-100000000001" -> "mini-cicd-platform-state-v2"): the stack\'s state moves (terraform init -migrate-state) or starts empty',
    );
  });

  test('migrating bootstrap into its own bucket is one state callout', () => {
    const d = diffAgainst((raw) => (raw.organisation.stateBackend.bootstrapMigrated = true));
    // and, bootstrap being applied by hand, that an administrator must apply it
    expect(d.callouts.map((c) => [c.stack, c.category, c.address])).toEqual([
      ['bootstrap', 'state', 'terraform.backend'],
      ['bootstrap', 'administrator', 'bootstrap'],
    ]);
    expect(d.callouts[0].message).toMatch(
      /^the state backend changes \(terraform\.backend\.local\.path: "\.\.\/\.\.\/\.\.\/state\/bootstrap\/terraform\.tfstate" -> \(unset\); .*terraform\.backend\.s3\.key: \(unset\) -> "bootstrap\/terraform\.tfstate"/,
    );
  });

  test('puts the callout first in Markdown and marks the resource replaced', () => {
    const markdown = renderMarkdown(diff());
    const lines = markdown.split('\n');
    expect(lines.indexOf('**Must not miss**')).toBeGreaterThan(0);
    expect(lines[lines.indexOf('**Must not miss**') + 2]).toMatch(
      /^- 🛑 \*\*bootstrap\*\* · stateful: S3 bucket bootstrap\/state-backend\/bucket\/bucket is REPLACED/,
    );
    expect(markdown).toContain('bootstrap/state-backend/bucket/bucket **(replaced)**: `bucket`');
  });
});

const renamedDomain = once(() => diffAgainst((raw) => (raw.organisation.codeArtifact = { domain: 'mini-artifacts' })));

describe('a CodeArtifact domain renamed', () => {
  test('is called out as a replacement of the domain and of every repository in it', () => {
    const d = renamedDomain();
    const stateful = d.callouts.filter((c) => c.category === 'stateful');
    expect(stateful.map((c) => c.message)).toContainEqual(
      expect.stringMatching(
        /^CodeArtifact domain platform\/\S+ is REPLACED \(destroyed and re-created\): domain "mini-packages" -> "mini-artifacts"$/,
      ),
    );
    expect(stateful.filter((c) => c.message.startsWith('CodeArtifact repository')).length).toBeGreaterThan(0);
    expect(stateful.every((c) => c.severity === 'danger' && c.stack === 'platform')).toBe(true);
  });
});

describe('a long report', () => {
  test('lists the first callouts in Markdown, danger first, and counts the rest', () => {
    const d = renamedDomain();
    expect(d.callouts.length).toBeGreaterThan(5);
    const lines = renderMarkdown(d, { maxCallouts: 3 }).split('\n');
    const listed = lines.filter((l) => /^- (🛑|⚠️) /.test(l));
    expect(listed).toHaveLength(3);
    expect(listed.every((l) => l.startsWith('- 🛑 '))).toBe(true);
    expect(lines).toContain(`- … and ${d.callouts.length - 3} more: run \`npm run diff -- --base <ref>\` locally for all of them`);
  });

  test('leaves per-resource details out past the length limit', () => {
    const d = renamedDomain();
    const markdown = renderMarkdown(d, { maxLength: 2000 });
    expect(markdown).not.toContain('<details>');
    expect(markdown).toContain('_Per-resource details are too long for a comment: run `npm run diff -- --base <ref>` locally._');
  });
});

describe('a policy widened', () => {
  test('a permission moved to another resource (the management Terraform role renamed in config)', () => {
    const d = diffAgainst((raw) => (raw.organisation.management.deployRoleName = 'platform-admin'));
    expect(d.callouts).toContainEqual({
      severity: 'warning',
      category: 'iam',
      stack: 'management-access',
      address: 'data.aws_iam_policy_document.platform-deploy-role_permissions_DD47BC36',
      path: 'management-access/platform-deploy-role/permissions',
      message:
        'management-access/platform-deploy-role/permissions: AssumeDeployRoles: now allows sts:AssumeRole on arn:aws:iam::100000000001:role/platform-admin (before: on arn:aws:iam::100000000001:role/cicd-platform-terraform)',
    });
  });

  /** Replace the statements of the state backend's access policy (as a later change to the module would). */
  const editAccessPolicy = (edit: (statements: Record<string, any>[]) => void) => (stacks: PlatformStacks) => {
    // statements are addressed by sid below, so a reordering in the module does not break these tests
    const doc = stacks.bootstrap.node.findChild('state-backend').node.findChild('access-role-permissions') as DataAwsIamPolicyDocument;
    const tf = doc.toTerraform() as { data: Record<string, Record<string, { statement: Record<string, any>[] }>> };
    const statements = structuredClone(Object.values(tf.data.aws_iam_policy_document)[0].statement);
    edit(statements);
    doc.putStatement(
      statements.map((s) => ({ sid: s.sid, effect: s.effect, actions: s.actions, resources: s.resources, condition: s.condition })),
    );
  };

  test('new actions and resources in a policy document', () => {
    const d = diffAgainst(() => undefined, {
      extend: editAccessPolicy((statements) => {
        statements.find((st) => st.sid === 'ReadWriteOwnState')!.actions.push('s3:GetObjectVersion');
        statements.push({ sid: 'ReadOtherBuckets', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/*'] });
      }),
    });
    // (bootstrap changes: the administrator callout comes first, tested with a service added)
    expect(d.callouts.filter((c) => c.category !== 'administrator').map((c) => [c.severity, c.category, c.message])).toEqual([
      [
        'warning',
        'iam',
        `bootstrap/state-backend/access-role-permissions: ReadWriteOwnState: newly allows s3:GetObjectVersion on ${[
          'bootstrap',
          'management-access',
        ]
          .flatMap((stack) => [`${stack}/terraform.tfstate`, `${stack}/terraform.tfstate.tflock`])
          .map((key) => `\${aws_s3_bucket.state-backend_bucket_0D46D3DB.arn}/${key}`)
          .join(', ')}`,
      ],
      [
        'warning',
        'iam',
        'bootstrap/state-backend/access-role-permissions: ReadOtherBuckets: newly allows s3:GetObject on arn:aws:s3:::other/*',
      ],
    ]);
    const markdown = renderMarkdown(d);
    expect(markdown).toContain(
      '- ⚠️ **bootstrap** · iam: bootstrap/state-backend/access-role-permissions: ReadWriteOwnState: newly allows s3:GetObjectVersion on',
    );
    expect(markdown).toMatch(/`statement\[\d+\]\.actions`/);
  });

  test('a narrowed policy is not called out', () => {
    const d = diffAgainst(() => undefined, {
      extend: editAccessPolicy((statements) => statements.find((st) => st.sid === 'ReadWriteOwnState')!.actions.pop()),
    });
    expect(stackOf(d, 'bootstrap').changed.map((c) => c.path)).toEqual(['bootstrap/state-backend/access-role-permissions']);
    // only that bootstrap, changed, is for an administrator to apply
    expect(d.callouts.map((c) => [c.stack, c.category])).toEqual([['bootstrap', 'administrator']]);
  });
});

describe('a protection weakened', () => {
  /** dev behind an approval by the releasers: the base a change removes the approval from (the fixture's dev has none). */
  const gatedDev = (raw: RawConfig) => {
    raw.environments.dev.approval = {
      required: true,
      reviewerTeams: ['releasers'],
      reviewerUsers: [],
      waitTimerMinutes: 0,
      approverRoleArns: ['arn:aws:iam::100000000002:role/approvers'],
    };
  };

  test('an approval removed (dev approval.required false): its environments lose their reviewers', () => {
    const d = diffFrom(gatedDev);
    // the approver role goes from dev-access, which an administrator applies
    const [byHand, others] = [
      d.callouts.filter((c) => c.category === 'administrator'),
      d.callouts.filter((c) => c.category !== 'administrator'),
    ];
    expect(byHand.map((c) => c.stack)).toEqual(['dev-access']);
    expect(others.every((c) => c.stack === 'dev' && c.severity === 'danger' && c.category === 'protection')).toBe(true);
    expect(d.callouts.map((c) => c.message)).toEqual(
      expect.arrayContaining([
        'dev/deploy-access/platform-repo/environment: reviewers[0].teams no longer includes team releasers',
        'dev/deploy-access/platform-repo/environment: prevent_self_review turned off (was true, now false)',
      ]),
    );
    expect(renderMarkdown(d)).toContain(
      '- 🛑 **dev** · protection: dev/deploy-access/platform-repo/environment: reviewers[0].teams no longer includes team releasers',
    );
    expect(renderText(d)).toContain('DANGER  [dev] protection: dev/deploy-access/platform-repo/environment: reviewers[0].teams');
  });

  test('an approval removed from a pipeline (stand-in pipeline until the pipelines land)', () => {
    const d = diffFrom(gatedDev, { standIns: true });
    expect(d.callouts).toContainEqual({
      severity: 'danger',
      category: 'protection',
      stack: 'dev',
      address: 'aws_codepipeline.stand-in-pipeline',
      path: 'dev/stand-in-pipeline',
      message: 'dev/stand-in-pipeline: manual approval removed (Approve/Release); 0 approval action(s) left',
    });
  });

  test('fewer reviewers (prod loses a team)', () => {
    const d = diffAgainst((raw) => (raw.environments.prod.approval.reviewerTeams = ['releasers']));
    expect(d.callouts.map((c) => c.message)).toContain(
      'prod/deploy-access/platform-repo/environment: reviewers[0].teams no longer includes team platform-team',
    );
  });

  test('prevent_destroy removed (dev protectStatefulResources false)', () => {
    const d = diffAgainst((raw) => (raw.environments.dev.protectStatefulResources = false));
    expect(d.callouts.map((c) => c.message)).toEqual(
      expect.arrayContaining([
        'dev/key/key: lifecycle.prevent_destroy turned off (was true, now false)',
        'dev/artifact-store/bucket: lifecycle.prevent_destroy turned off (was true, now false)',
      ]),
    );
    expect(d.callouts.every((c) => c.severity === 'danger' && c.category === 'protection' && c.stack === 'dev')).toBe(true);
  });
});

describe('IAM widening of JSON policies', () => {
  const policy = (statement: unknown[]) =>
    policiesOf('resource', 'aws_s3_bucket_policy', { policy: JSON.stringify({ Version: '2012-10-17', Statement: statement }) }).get(
      'policy',
    )!;
  const deny = {
    Sid: 'DenyInsecure',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: 'arn:aws:s3:::b/*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
  const read = {
    Sid: 'Read',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::1:root' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/*',
  };

  test.each([
    ['a Deny removed', [deny, read], [read], ['DenyInsecure: no longer denies s3:* on arn:aws:s3:::b/* to *:*']],
    [
      'a condition dropped from an Allow',
      [{ ...read, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }],
      [read],
      ['Read: newly allows s3:GetObject on arn:aws:s3:::b/* to AWS:arn:aws:iam::1:root'],
    ],
    [
      'a principal added',
      [read],
      [{ ...read, Principal: { AWS: ['arn:aws:iam::1:root', 'arn:aws:iam::2:root'] } }],
      ['Read: newly allows s3:GetObject on arn:aws:s3:::b/* to AWS:arn:aws:iam::2:root'],
    ],
    [
      'a statement moved to another bucket',
      [read],
      [{ ...read, Resource: 'arn:aws:s3:::c/*' }],
      [
        'Read: now allows s3:GetObject on arn:aws:s3:::c/* to AWS:arn:aws:iam::1:root (before: on arn:aws:s3:::b/* to AWS:arn:aws:iam::1:root)',
      ],
    ],
    ['a condition added (narrower)', [read], [{ ...read, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }], []],
    [
      'a condition that admits one more principal (same actions, resources and principals)',
      [{ ...read, Condition: { ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::1:role/a'] } } }],
      [{ ...read, Condition: { ArnEquals: { 'aws:PrincipalArn': ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:role/b'] } } }],
      [
        'Read: now allows s3:GetObject on arn:aws:s3:::b/* to AWS:arn:aws:iam::1:root where ArnEquals aws:PrincipalArn also admits arn:aws:iam::1:role/b',
      ],
    ],
    ['statements reordered', [deny, read], [read, deny], []],
  ])('%s', (_name, before, after, expected) => {
    expect(widening(policy(before), policy(after))).toEqual(expected);
  });
});

describe('an environment split (prod.stackGroups: payments), with one secret of the group dropped', () => {
  const diff = once(() =>
    diffAgainst((raw) => {
      raw.environments.prod.stackGroups = [{ name: 'payments', teams: ['payments'] }];
      const relay = raw.services.find((s) => s.name === 'relay')!;
      relay.secrets = relay.secrets!.filter((secret: { name: string }) => secret.name !== 'webhook-key');
    }),
  );
  const command = 'node -r sucrase/register tools/ci/cli.ts state-moves <outdir> prod-payments';

  test('reports the group resources as moved from prod to prod-payments, not as removed and added', () => {
    const d = diff();
    const prod = stackOf(d, 'prod');
    const split = stackOf(d, 'prod-payments');
    expect(split.status).toBe('added');
    expect(prod.movedOut.length).toBeGreaterThan(20);
    expect(prod.movedOut.every((m) => m.stack === 'prod-payments' && m.kind === 'resource')).toBe(true);
    expect(split.movedIn.map((m) => [m.address, m.stack])).toEqual(prod.movedOut.map((m) => [m.address, 'prod']));
    expect(prod.movedOut).toContainEqual(
      expect.objectContaining({ type: 'aws_codepipeline', path: 'prod/pipeline-relay/pipeline', stack: 'prod-payments' }),
    );
    // the references to prod's key, bucket, topic and boundary became names and lookups: still a move
    expect(prod.movedOut.map((m) => m.type)).toEqual(
      expect.arrayContaining(['aws_codebuild_project', 'aws_iam_role', 'aws_cloudwatch_log_group']),
    );
    expect(prod.removed.filter((r) => r.kind === 'resource').map((r) => r.path)).toEqual([
      'prod/secret-relay-webhook-key/policy',
      'prod/secret-relay-webhook-key/secret',
    ]);
    expect(split.added.filter((r) => r.kind === 'resource')).toEqual([]);
  });

  test('warns once with the state-move command instead of calling out destroys; the dropped secret stays a danger', () => {
    const d = diff();
    const prod = d.callouts.filter((c) => c.stack.startsWith('prod') && c.stack !== 'prod-access');
    expect(prod.map((c) => [c.severity, c.stack, c.category, c.address])).toEqual([
      ['danger', 'prod', 'stateful', 'aws_secretsmanager_secret.secret-relay-webhook-key_secret_89569A53'],
      ['warning', 'prod-payments', 'move', 'prod -> prod-payments'],
    ]);
    expect(prod[0].message).toBe('secret prod/secret-relay-webhook-key/secret is REMOVED: Terraform destroys it and its data');
    expect(prod[1].message).toBe(
      `${stackOf(d, 'prod').movedOut.length} resource(s) move from prod to prod-payments at the same addresses (stateful among them: log group): ` +
        `move their state before applying (${command} prints the script); applying without moving state destroys them in prod and creates them again in prod-payments`,
    );
  });

  test('renders the moves in the terminal and in Markdown', () => {
    const d = diff();
    const pipeline = stackOf(d, 'prod').movedOut.find((m) => m.type === 'aws_codepipeline')!;
    const text = renderText(d);
    // the new stack's state key goes into bootstrap's state roles, its KMS tag into prod-access's Terraform role
    expect(text).toMatch(/, 1 state move\(s\) to make, 2 stack\(s\) an administrator must apply by hand \(bootstrap, prod-access\)\.$/m);
    expect(text).toMatch(/^prod \(changed\): 0 added, \d+ removed, 0 changed, \d+ moved to other stacks$/m);
    expect(text).toContain(`\n  >> ${pipeline.address}  (prod/pipeline-relay/pipeline)  moved to prod-payments\n`);
    expect(text).toContain(`\n  << ${pipeline.address}  (prod-payments/pipeline-relay/pipeline)  moved from prod\n`);
    expect(text).toContain(`WARNING [prod-payments] move: `);
    const markdown = renderMarkdown(d);
    expect(markdown).toContain(`- 🚚 \`${pipeline.address}\` prod/pipeline-relay/pipeline: moved to **prod-payments**`);
    expect(markdown).toContain(`- 🚚 \`${pipeline.address}\` prod-payments/pipeline-relay/pipeline: moved from **prod**`);
    expect(markdown).toContain('- ⚠️ **prod-payments** · move: ');
    expect(markdown).toContain('(node -r sucrase/register tools/ci/cli.ts state-moves &lt;outdir&gt; prod-payments prints the script)');
    const moved = stackOf(d, 'prod').movedOut.length;
    expect(markdown).toMatch(new RegExp(`^\\| prod-payments \\| added \\| \\d+ \\| 0 \\| 0 \\| ${moved} \\|$`, 'm'));
  });
});

describe('stacks an administrator applies (in memory)', () => {
  const admin = (account: string) => ({
    provider: { aws: [{ allowed_account_ids: [account] }] },
    resource: { aws_iam_role: { r: { name: 'r' } } },
  });
  const byWorkflow = { provider: { aws: [{ allowed_account_ids: ['5'], assume_role: [{ role_arn: 'x' }] }] }, resource: {} };

  test('an access stack added, one removed, bootstrap changed: one callout each; a workflow stack, none', () => {
    const base = new Map<string, Record<string, unknown>>([
      ['bootstrap', admin('1')],
      ['old-access', admin('7')],
      ['prod', byWorkflow],
    ]);
    const changed = admin('1');
    changed.resource.aws_iam_role.r.name = 'r2';
    const head = new Map<string, Record<string, unknown>>([
      ['bootstrap', changed],
      ['dr-access', admin('9')],
      ['prod', { ...byWorkflow, resource: { aws_iam_role: { r: { name: 'r' } } } }],
    ]);
    expect(diffOutputs(base, head).callouts.map((c) => [c.stack, c.category, c.message])).toEqual([
      [
        'bootstrap',
        'administrator',
        'bootstrap changes and no workflow applies it: once this merges, an administrator of account 1 must apply it with their own credentials (npx cdktf deploy bootstrap; docs/bootstrap-and-access.md); until then what it adds does not exist and the plans and applies that need it fail',
      ],
      [
        'dr-access',
        'administrator',
        expect.stringMatching(
          /^dr-access is new and no workflow applies it: once this merges, an administrator of account 9 must apply it/,
        ),
      ],
      [
        'old-access',
        'administrator',
        'old-access is removed and no workflow destroys it: an administrator of account 7 destroys it with their own credentials (npx cdktf destroy old-access, from the last commit that has it) or keeps it on purpose',
      ],
    ]);
  });

  test('a stack named like one but whose provider assumes a role is applied by a workflow: no callout', () => {
    const head = new Map<string, Record<string, unknown>>([
      ['x-access', { ...byWorkflow, resource: { aws_iam_role: { r: { name: 'r' } } } }],
    ]);
    expect(diffOutputs(new Map([['x-access', byWorkflow]]), head).callouts).toEqual([]);
  });
});

describe('moves between stacks (in memory)', () => {
  const provider = (account: string) => ({ aws: [{ allowed_account_ids: [account], region: 'eu-west-1' }] });
  const tf = (account: string, resources: Record<string, Record<string, unknown>>) => ({
    provider: provider(account),
    resource: { aws_iam_role: resources },
  });
  const role = (name: string, boundary: string, description = 'bounded by boundary') => ({
    name,
    permissions_boundary: boundary,
    description,
  });
  const boundary = { aws_iam_policy: { boundary: { name: 'boundary' } } };
  const prodBase = {
    provider: provider('5'),
    resource: {
      ...boundary,
      aws_iam_role: { r: role('r', '${aws_iam_policy.boundary.arn}', 'bounded by ${aws_iam_policy.boundary.name}') },
    },
  };
  const prodHead = { provider: provider('5'), resource: boundary };

  const movesOf = (headSplit: Record<string, unknown>) =>
    diffOutputs(
      new Map([['prod', prodBase]]),
      new Map([
        ['prod', prodHead],
        ['prod-payments', headSplit],
      ]),
    );

  test('a reference to a shared resource that became its name is a move', () => {
    const d = movesOf(tf('5', { r: role('r', 'arn:aws:iam::5:policy/boundary') }));
    expect(stackOf(d, 'prod').movedOut).toEqual([
      { address: 'aws_iam_role.r', kind: 'resource', type: 'aws_iam_role', path: 'prod/r', stack: 'prod-payments' },
    ]);
    expect(d.callouts.map((c) => [c.severity, c.category, c.address])).toEqual([['warning', 'move', 'prod -> prod-payments']]);
  });

  test.each([
    ['another account', tf('6', { r: role('r', 'arn:aws:iam::5:policy/boundary') })],
    ['another configuration', tf('5', { r: role('r-2', 'arn:aws:iam::5:policy/boundary') })],
    ['a changed text around the reference', tf('5', { r: role('r', 'arn:aws:iam::5:policy/boundary', 'limited by boundary') })],
  ])('%s is a removal and an addition', (_name, headSplit) => {
    const d = movesOf(headSplit);
    expect(stackOf(d, 'prod')).toMatchObject({ removed: [{ address: 'aws_iam_role.r' }], movedOut: [] });
    expect(stackOf(d, 'prod-payments')).toMatchObject({ added: [{ address: 'aws_iam_role.r' }], movedIn: [] });
    expect(d.callouts).toEqual([]);
  });
});

describe('a removed GitHub repository', () => {
  const repository = (body: Record<string, unknown>) => ({
    resource: { github_repository: { repo_A1: { '//': { metadata: { path: 'platform/repo' } }, name: 'orders', ...body } } },
  });

  test.each([
    [
      'with archive_on_destroy is archived, not destroyed',
      { archive_on_destroy: true },
      'GitHub repository platform/repo is REMOVED: Terraform archives it on GitHub (archive_on_destroy), it does not delete it: the repository turns read-only and keeps its code, issues and history',
    ],
    [
      'without archive_on_destroy is destroyed with its data',
      { archive_on_destroy: false },
      'GitHub repository platform/repo is REMOVED: Terraform destroys it and its data',
    ],
    [
      'with archive_on_destroy unset is destroyed with its data',
      {},
      'GitHub repository platform/repo is REMOVED: Terraform destroys it and its data',
    ],
  ])('%s', (_name, body, message) => {
    const d = diffOutputs(new Map([['platform', repository(body)]]), new Map([['platform', { resource: {} }]]));
    expect(d.callouts.map((c) => [c.severity, c.category, c.message])).toEqual([['danger', 'stateful', message]]);
  });
});

describe('construct ids', () => {
  const bucket = (path: string) => ({ '//': { metadata: { path } }, bucket: 'acme-dev-artifacts' });
  const stack = (resources: Record<string, unknown>, moved?: unknown[]) => ({
    resource: { aws_s3_bucket: resources },
    ...(moved ? { moved } : {}),
  });

  test('a changed logical id is called out as a replacement', () => {
    const d = diffOutputs(
      new Map([['dev', stack({ store_A1: bucket('dev/store/bucket') })]]),
      new Map([['dev', stack({ artifacts_B2: bucket('dev/artifacts/bucket') })]]),
    );
    expect(d.callouts.map((c) => c.message)).toEqual([
      'S3 bucket dev/store/bucket is REPLACED: its logical id changed to aws_s3_bucket.artifacts_B2, so Terraform destroys it and creates a new one (use a moved block / moveTo to keep it)',
    ]);
  });

  test('a moved block keeps the resource: reported as moved, nothing called out', () => {
    const d = diffOutputs(
      new Map([['dev', stack({ store_A1: bucket('dev/store/bucket') })]]),
      new Map([
        [
          'dev',
          stack({ artifacts_B2: bucket('dev/artifacts/bucket') }, [{ from: 'aws_s3_bucket.store_A1', to: 'aws_s3_bucket.artifacts_B2' }]),
        ],
      ]),
    );
    expect(d.callouts).toEqual([]);
    expect(stackOf(d, 'dev')).toMatchObject({
      added: [],
      removed: [],
      moved: [{ from: 'aws_s3_bucket.store_A1', to: 'aws_s3_bucket.artifacts_B2' }],
    });
    expect(renderText(d)).toContain('  > aws_s3_bucket.store_A1 -> aws_s3_bucket.artifacts_B2');
  });
});

describe('protection rules on GitHub and S3 settings', () => {
  const one = (type: string, body: Record<string, unknown>) =>
    new Map([['platform', { resource: { [type]: { r: { '//': { metadata: { path: 'platform/r' } }, ...body } } } }]]);
  const messages = (type: string, before: Record<string, unknown>, after: Record<string, unknown>) =>
    diffOutputs(one(type, before), one(type, after)).callouts.map((c) => `${c.severity} ${c.category}: ${c.message}`);

  test.each([
    [
      'a reviewer team removed from an environment',
      'github_repository_environment',
      { reviewers: [{ teams: [1, 2] }], wait_timer: 10 },
      { reviewers: [{ teams: [1] }], wait_timer: 10 },
      ['danger protection: platform/r: reviewers[0].teams no longer includes 2'],
    ],
    [
      'the wait timer lowered',
      'github_repository_environment',
      { reviewers: [{ teams: [1] }], wait_timer: 10 },
      { reviewers: [{ teams: [1] }], wait_timer: 0 },
      ['danger protection: platform/r: wait_timer lowered from 10 to 0'],
    ],
    [
      'fewer required approvals and admins no longer enforced',
      'github_branch_protection',
      { enforce_admins: true, required_pull_request_reviews: [{ required_approving_review_count: 2 }] },
      { enforce_admins: false, required_pull_request_reviews: [{ required_approving_review_count: 1 }] },
      [
        'danger protection: platform/r: enforce_admins turned off (was true, now false)',
        'danger protection: platform/r: required_pull_request_reviews[0].required_approving_review_count lowered from 2 to 1',
      ],
    ],
    [
      'a required status check dropped',
      'github_branch_protection',
      { required_status_checks: [{ strict: true, contexts: ['lint-test', 'synth'] }] },
      { required_status_checks: [{ strict: true, contexts: ['lint-test'] }] },
      ['danger protection: platform/r: required_status_checks[0].contexts no longer includes "synth"'],
    ],
    [
      'force_destroy turned on',
      'aws_s3_bucket',
      { bucket: 'b' },
      { bucket: 'b', force_destroy: true },
      ['danger protection: platform/r: force_destroy turned on'],
    ],
    [
      'versioning suspended',
      'aws_s3_bucket_versioning',
      { versioning_configuration: { status: 'Enabled' } },
      { versioning_configuration: { status: 'Suspended' } },
      ['danger protection: platform/r: versioning_configuration.status changed from "Enabled" to "Suspended"'],
    ],
    [
      'a reviewer added (stronger)',
      'github_repository_environment',
      { reviewers: [{ teams: [1] }] },
      { reviewers: [{ teams: [1, 2] }] },
      [],
    ],
  ])('%s', (_name, type, before, after, expected) => {
    expect(messages(type, before, after)).toEqual(expected);
  });

  test('a branch protection removed is called out', () => {
    const d = diffOutputs(one('github_branch_protection', { pattern: 'main' }), new Map([['platform', {}]]));
    expect(d.callouts.map((c) => c.message)).toEqual(['branch protection platform/r is removed']);
  });
});
