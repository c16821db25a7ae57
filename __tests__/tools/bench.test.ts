import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../model';
import { rawLive } from '../support/config-dir';

// The benchmark's helpers are plain JavaScript (tools/ runs without a build step).
/* eslint-disable @typescript-eslint/no-require-imports */
const { generateCatalogue } = require('../../tools/bench/catalogue') as {
  generateCatalogue: (root: string, count: number, options?: { split?: 'example' | 'by-team'; data?: unknown }) => string;
};
const { toRootImports } = require('../../tools/bench/baseline') as { toRootImports: (source: string) => string };
const { linearFit } = require('../../tools/bench/measure') as {
  linearFit: (points: { x: number; y: number }[]) => { slope: number; intercept: number; r2: number };
};
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, '..', '..');

describe('the generated catalogues of the benchmark are valid configurations', () => {
  // the benchmark generates its catalogues from the live configuration
  const example = rawLive();
  const data = { services: example.services, promotionOrder: example.organisation.promotionOrder };
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  function load(count: number, split?: 'example' | 'by-team') {
    const dir = generateCatalogue(ROOT, count, { split, data });
    dirs.push(dir);
    return loadConfig(dir);
  }

  test.each([1, 10, 200])('%i services, unique names, the example teams, every environment', (count) => {
    const config = load(count);
    expect(config.services).toHaveLength(count);
    expect(new Set(config.services.map((s) => s.name)).size).toBe(count);
    expect(config.environments.map((e) => e.name)).toEqual(example.organisation.promotionOrder);
  });

  test('groups naming a team with no service in a small catalogue are left out', () => {
    const teams = new Set(load(1).services.map((s) => s.team));
    for (const env of load(1).environments)
      for (const group of env.stackGroups) for (const team of group.teams) expect(teams.has(team)).toBe(true);
  });

  test('split by team gives every team a group in every environment', () => {
    const config = load(10, 'by-team');
    const teams = [...new Set(config.services.map((s) => s.team))].sort();
    for (const env of config.environments) expect(env.stackGroups.map((g) => g.name)).toEqual(teams);
  });
});

describe('the baseline program uses root imports of the provider packages', () => {
  test('a deep import becomes a namespace import from the package root, keeping the names bound', () => {
    const source = [
      "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';",
      "import {\n  DataAwsIamPolicyDocument,\n  type DataAwsIamPolicyDocumentStatement,\n} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';",
      "import type { GithubProvider } from '@cdktf/provider-github/lib/provider';",
      "import { Construct } from '../core';",
    ].join('\n');
    expect(toRootImports(source).split('\n')).toEqual([
      "import { s3Bucket as root_1 } from '@cdktf/provider-aws'; const S3Bucket = root_1.S3Bucket;",
      "import { dataAwsIamPolicyDocument as root_2 } from '@cdktf/provider-aws'; const DataAwsIamPolicyDocument = root_2.DataAwsIamPolicyDocument;",
      '',
      "import { Construct } from '../core';",
    ]);
  });
});

test('the scaling fit is an ordinary least-squares line', () => {
  const fit = linearFit([
    { x: 1, y: 3 },
    { x: 2, y: 5 },
    { x: 4, y: 9 },
  ]);
  expect(fit.slope).toBeCloseTo(2);
  expect(fit.intercept).toBeCloseTo(1);
  expect(fit.r2).toBeCloseTo(1);
});
