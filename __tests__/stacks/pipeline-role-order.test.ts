import { CodebuildProject } from '../../modules/codebuild-project';
import { Token } from '../../modules/core';
import { exampleConfig, minimalConfig } from '../support/config';
import { roleStatements } from '../support/pipelines';
import { buildExample, synthObject } from '../support/synth';

/**
 * A pipeline role's statements are a pure function of the configuration, whatever the process synthesized
 * before. cdktf names every token `${TfToken[TOKEN.<n>]}`, n counting the tokens created so far in the process;
 * sorting that text orders two resources one way when their n have as many digits (998 < 999) and the other
 * when they straddle a power of ten ("10003" < "9998"): so the order moved with what was synthesized earlier.
 */

/** The number the next token of this process gets. */
function nextToken(): number {
  return Number(/TOKEN\.(\d+)/.exec(Token.asString(0))![1]) + 1;
}

/** The minimal fixture built: its dev pipeline role's statements, and the token numbers of the projects its pipeline runs. */
function minimalDev() {
  const start = nextToken();
  const dev = buildExample(minimalConfig()).environments[0];
  // the site's build and validate projects (the first and the last its pipeline runs)
  const tokens = dev.node
    .findAll()
    .filter((c): c is CodebuildProject => c instanceof CodebuildProject && /\/builds\/site\/(build|validate)$/.test(c.node.path))
    .map((p) => Number(/TOKEN\.(\d+)/.exec(p.arn)![1]) - start);
  const statements = roleStatements(synthObject(dev), 'mini-dev-site-pipeline');
  return { start, first: Math.min(...tokens), last: Math.max(...tokens), statements };
}

test('the same fixture synthesized after a different one gives its pipeline role the same statements, in the same order', () => {
  const before = minimalDev();
  const digits = (n: number) => String(n).length;
  // the first synth of the fixture names its projects with tokens of one length
  expect(digits(before.start + before.first)).toBe(digits(before.start + before.last));

  // a different fixture, then as many tokens as put the fixture's projects on both sides of a power of ten
  buildExample(exampleConfig());
  let boundary = 10 ** digits(nextToken() + before.last);
  if (boundary - before.last < nextToken()) boundary *= 10;
  const pad = boundary - before.last - nextToken();
  for (let i = 0; i < pad; i++) Token.asString(i);

  const after = minimalDev();
  expect(digits(after.start + after.first)).toBeLessThan(digits(after.start + after.last));
  expect(after.statements).toEqual(before.statements);
  // the statement the order changed in: the four projects the pipeline runs
  expect(after.statements.find((s: any) => s.sid === 'RunCodeBuildProjects').resources).toHaveLength(4);
});
