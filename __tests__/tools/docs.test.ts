import { readSynthOutput } from '../../tools/diff';
import { generateDocs, pipelinesOf, renderDocs } from '../../tools/docs/generate';
import { exampleConfig } from '../support/config';
import { once, standInPipelines, synthInto, tempDir } from './support/synth-pair';

const tmp = tempDir('docs-test-');
afterAll(() => tmp.cleanup());

test('generation is deterministic', () => {
  const config = exampleConfig();
  const [a, b] = [generateDocs(config), generateDocs(config)];
  expect([...a.entries()]).toEqual([...b.entries()]);
});

describe('with synthesized pipelines', () => {
  const docs = once(() => {
    const config = exampleConfig();
    return { config, files: renderDocs(config, readSynthOutput(synthInto(config, `${tmp.dir}/out`, standInPipelines))) };
  });

  test('reads the stages and actions of every aws_codepipeline of a stack', () => {
    const config = exampleConfig();
    const stacks = readSynthOutput(synthInto(config, `${tmp.dir}/pipelines`, standInPipelines));
    expect(pipelinesOf(stacks.get('prod'))).toContainEqual({
      address: 'aws_codepipeline.stand-in-pipeline',
      path: 'prod/stand-in-pipeline',
      name: 'acme-prod-stand-in',
      stages: [
        { name: 'Source', actions: [{ name: 'Artifact', category: 'Source', provider: 'S3' }] },
        { name: 'Approve', actions: [{ name: 'Release', category: 'Approval', provider: 'Manual' }] },
        {
          name: 'Deploy',
          actions: [
            { name: 'Deploy', category: 'Deploy', provider: 'S3' },
            { name: 'Smoke', category: 'Test', provider: 'CodeBuild' },
          ],
        },
      ],
    });
  });

  test('draws each pipeline as a Mermaid flowchart, approvals as hexagons', () => {
    const prod = docs().files.get('prod.md')!;
    expect(prod).toContain('### acme-prod-stand-in');
    expect(prod).toContain('`prod/stand-in-pipeline`: 3 stages, approval at Approve/Release.');
    expect(prod).toContain(
      [
        '```mermaid',
        'flowchart LR',
        '  subgraph s_0["Source"]',
        '    direction TB',
        '    s_0_a_0["Artifact<br/>Source · S3"]',
        '  end',
        '  subgraph s_1["Approve"]',
        '    direction TB',
        '    s_1_a_0{{"Release<br/>Approval · Manual"}}',
        '  end',
        '  subgraph s_2["Deploy"]',
        '    direction TB',
        '    s_2_a_0["Deploy<br/>Deploy · S3"]',
        '    s_2_a_1["Smoke<br/>Test · CodeBuild"]',
        '  end',
        '  s_0 --> s_1',
        '  s_1 --> s_2',
        '```',
      ].join('\n'),
    );
    expect(docs().files.get('dev.md')).toContain('`dev/stand-in-pipeline`: 2 stages, no approval action.');
  });

  test('the promotion chain puts a gate before each environment that requires approval', () => {
    const config = exampleConfig((raw) => {
      raw.environments.test.approval = {
        required: true,
        reviewerTeams: [],
        reviewerUsers: ['qa-lead'],
        waitTimerMinutes: 5,
        approverRoleArns: ['arn:aws:iam::333333333333:role/qa-lead'],
      };
    });
    const readme = renderDocs(config, new Map()).get('README.md')!;
    expect(readme).toContain('  gate_test{{"approval<br/>user qa-lead<br/>wait 5 min"}}\n  env_dev --> gate_test --> env_test');
    expect(readme).toContain('  build --> env_dev\n');
    expect(readme).not.toContain('gate_dev');
    expect(readme).toContain('  env_staging --> gate_prod --> env_prod');
  });
});
