#!/usr/bin/env node
// `npm run bench [-- --runs N --test-runs N --sizes 1,10,50,200 --no-baseline --no-tests --tests-only --out DIR]`
//
// Measures (median of several runs: wall time, peak memory) synth of the example config, the test suite (its two
// parts: the unit and behaviour suite, and the flow suite), and synth of generated catalogues of 1..200 services across the four environments; runs beside them a
// baseline app that does the same work the way `cdktf init` sets a project up (baseline.js); checks the
// budgets below; writes docs/benchmark.md and docs/benchmark.json. Exits 1 when a budget is exceeded.
// A benchmark, not a test: the numbers vary per run and per machine.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generateBaseline } = require('./baseline');
const { generateCatalogue } = require('./catalogue');
const { linearFit, measure, METHOD } = require('./measure');
const { fmtS, formatMarkdown, markdown, ratio } = require('./report');
const { removeScratch, scratchDir } = require('../scratch.ts'); // loadable: measure.js installs tools/register.js

const ROOT = path.resolve(__dirname, '..', '..');

/** The budgets (issue 9). Linear growth: see `checkBudgets`. */
const BUDGETS = {
  exampleSynthMs: 1500,
  exampleSynthMb: 300,
  catalogue200Ms: 15000,
  /**
   * The test suite, in its two parts (TEST_SUITES), on 2 cores: CPU time (user + system of every process) holds
   * on a busy machine; wall time is judged only when the machine was quiet (load average below its cores at the
   * start and the end of the runs), since other work on the machine stretches it without bound.
   */
  testSuites: {
    unit: { wallMs: 110000, cpuMs: 200000 },
    flow: { wallMs: 75000, cpuMs: 100000 },
  },
  /** The 200-service time may exceed the line through the smaller catalogues by this factor, plus noise. */
  linearFactor: 1.25,
  linearNoiseMs: 250,
};

/** The two parts of `jest --ci` (`npm test` runs both, in one jest run): measured and budgeted apart. */
const TEST_SUITES = [
  {
    id: 'unit',
    label: 'Unit and behaviour suite (`jest --ci --testPathIgnorePatterns __tests__/flow/`)',
    args: ['--testPathIgnorePatterns', '/__tests__/flow/'],
  },
  {
    id: 'flow',
    label: 'Flow suite (`jest --ci __tests__/flow/`: generated buildspecs run over the fixture services)',
    args: ['__tests__/flow/'],
  },
];

function parseArgs(argv) {
  const options = {
    runs: 5,
    testRuns: 3,
    sizes: [1, 10, 50, 200],
    baseline: true,
    tests: true,
    synth: true,
    out: path.join(ROOT, 'docs'),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') options.runs = positive(arg, value());
    else if (arg === '--test-runs') options.testRuns = positive(arg, value());
    else if (arg === '--sizes')
      options.sizes = value()
        .split(',')
        .map((s) => positive(arg, s));
    else if (arg === '--no-baseline') options.baseline = false;
    else if (arg === '--no-tests') options.tests = false;
    else if (arg === '--tests-only') options.synth = false;
    else if (arg === '--out') options.out = path.resolve(value());
    else
      throw new Error(
        `unknown option ${arg} (known: --runs N, --test-runs N, --sizes 1,10,50,200, --no-baseline, --no-tests, --tests-only, --out DIR)`,
      );
  }
  return options;
}

function positive(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: must be a positive integer (got "${text}")`);
  return n;
}

/** Stacks and resources (resources + data sources) of a synth output directory. */
function outputStats(outdir) {
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.readdirSync(stacksDir).sort();
  const counts = stacks.map((stack) => {
    const tf = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    const count = (block = {}) => Object.values(block).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return count(tf.resource) + count(tf.data);
  });
  return { stacks: stacks.length, resources: counts.reduce((a, b) => a + b, 0), largestStack: Math.max(...counts) };
}

/** Measure one synth case for the project and (optionally) the baseline; checks both write the same output. */
async function synthCase({ id, label, services, configDir, options, baseline, command = ['node', 'tools/synth.js'], extraEnv = {} }) {
  const scratch = scratchDir('platform-bench-out-');
  const outdir = path.join(scratch, 'project');
  const env = { CDKTF_OUTDIR: outdir, ...(configDir ? { PLATFORM_CONFIG_DIR: configDir } : {}), ...extraEnv };
  const clean = (dir) => () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    process.stdout.write(`  ${label}: project`);
    let project;
    try {
      project = await measure(command, { cwd: ROOT, env, runs: options.runs, before: clean(outdir) });
    } catch (error) {
      // a synth that fails at some size is a finding to report, not a reason to stop the benchmark
      const failed = reasonOf(error.message);
      process.stdout.write(` FAILED: ${failed}\n`);
      return { id, label, services, failed };
    }
    const stats = outputStats(outdir);
    const row = { id, label, services, ...stats, project: summary(project) };
    if (baseline) {
      process.stdout.write(', baseline');
      const baseOut = path.join(scratch, 'baseline');
      const result = await measure(baseline.command, {
        cwd: baseline.dir,
        env: { ...env, CDKTF_OUTDIR: baseOut },
        runs: options.runs,
        before: clean(baseOut),
      });
      row.sameOutput = sameTree(path.join(outdir, 'stacks'), path.join(baseOut, 'stacks'));
      row.baseline = summary(result);
    }
    process.stdout.write('\n');
    return row;
  } finally {
    removeScratch(scratch);
  }
}

/** The line of a failed command's output that says why (the app's own message, else the first error line). */
function reasonOf(message) {
  const lines = message.split('\n').map((l) => l.trim());
  const reason =
    lines.find((l) => /^Synth failed: /.test(l)) ?? lines.find((l) => /^(\w*Error|Error):/.test(l)) ?? lines.find((l) => l.length > 0);
  return (reason ?? 'unknown error').replace(/^Synth failed: /, '').slice(0, 400);
}

function summary(result) {
  return {
    runs: result.runs,
    wallMs: round(result.wallMs),
    cpuMs: round(result.cpuMs),
    rssMb: round(result.rssMb),
    samples: result.samples.map((s) => ({ wallMs: round(s.wallMs), cpuMs: round(s.cpuMs), rssMb: round(s.rssMb) })),
  };
}

function round(n) {
  return Math.round(n * 10) / 10;
}

function sameTree(a, b) {
  const files = (dir) => fs.readdirSync(dir, { recursive: true }).map(String).sort();
  const left = files(a);
  if (JSON.stringify(left) !== JSON.stringify(files(b))) return false;
  return left.every(
    (f) => fs.statSync(path.join(a, f)).isDirectory() || fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))),
  );
}

function checkBudgets(result) {
  const checks = [];
  const example = result.cases.find((c) => c.id === 'example');
  const failedCheck = (name, c) => ({ name, measured: `synth failed: ${c.failed}`, limit: '', pass: false });
  if (example === undefined) {
    // --tests-only: no synth measured in this run
  } else if (example.failed) {
    checks.push(failedCheck('Example config, all stacks: synth', example));
  } else {
    checks.push(budget('Example config, all stacks: synth wall time', example.project.wallMs, BUDGETS.exampleSynthMs, 's'));
    checks.push(budget('Example config, all stacks: synth peak memory', example.project.rssMb, BUDGETS.exampleSynthMb, 'MB'));
  }
  const largest = result.cases.find((c) => c.id === 'catalogue-200');
  if (largest?.failed) checks.push(failedCheck('200 services x 4 environments: synth', largest));
  else if (largest)
    checks.push(budget('200 services x 4 environments: synth wall time', largest.project.wallMs, BUDGETS.catalogue200Ms, 's'));
  const split = result.cases.find((c) => c.id === 'catalogue-200-split');
  if (split && !split.failed)
    checks.push(budget('200 services x 4 environments, split by team: synth wall time', split.project.wallMs, BUDGETS.catalogue200Ms, 's'));
  for (const c of result.cases.filter((x) => x.failed && x.id !== 'example' && x.id !== 'catalogue-200'))
    checks.push(failedCheck(`${c.label}: synth`, c));
  for (const [series, what] of [['app', 'the app']]) {
    const scaling = result.scaling[series];
    if (!scaling?.linearity) continue;
    const { predictedMs, measuredMs, limitMs } = scaling.linearity;
    checks.push({
      name: `Linear growth (${what}): ${scaling.largest} services within ${BUDGETS.linearFactor}x + ${BUDGETS.linearNoiseMs} ms of the line through the smaller catalogues (${fmtS(predictedMs)} s)`,
      measured: `${fmtS(measuredMs)} s`,
      limit: `${fmtS(limitMs)} s`,
      pass: measuredMs <= limitMs,
    });
  }
  for (const suite of result.testSuites ?? []) checks.push(...testSuiteBudgets(suite, result.machine.cpus));
  return checks;
}

/**
 * A test suite's budgets: its CPU time always; its wall time only when the load average stayed below the cores
 * (a busy machine stretches wall time by its load: not the suite's doing), else reported as not judged.
 */
function testSuiteBudgets(suite, cpus) {
  const limits = BUDGETS.testSuites[suite.id];
  const busiest = Math.max(suite.loadAverage.start, suite.loadAverage.end);
  const load = `load average ${suite.loadAverage.start.toFixed(1)} -> ${suite.loadAverage.end.toFixed(1)}`;
  const cpu = budget(`${suite.label}: CPU time (${load})`, suite.cpuMs, limits.cpuMs, 's');
  const wall = budget(`${suite.label}: wall time (${load})`, suite.wallMs, limits.wallMs, 's');
  if (busiest < cpus) return [cpu, wall];
  return [cpu, { ...wall, pass: true, measured: `${wall.measured}, not judged: the machine was busy (load ≥ ${cpus} cores)` }];
}

function budget(name, measured, limit, unit) {
  const fmt = unit === 's' ? (v) => `${fmtS(v)} s` : (v) => `${v.toFixed(0)} MB`;
  return { name, measured: fmt(measured), limit: fmt(limit), pass: measured <= limit };
}

/** Linear fit of one series of cases (`catalogue-`), and the linearity check of its largest size. */
function scalingOf(cases, prefix) {
  const points = cases
    .filter((c) => c.id.startsWith(prefix) && !c.id.includes('-split') && !c.failed)
    .map((c) => ({ x: c.services, y: c.project.wallMs, resources: c.resources }));
  if (points.length < 2) return undefined;
  const fit = linearFit(points);
  const largest = points[points.length - 1];
  const scaling = {
    points,
    msPerService: round(fit.slope),
    interceptMs: round(fit.intercept),
    r2: Math.round(fit.r2 * 1000) / 1000,
    largest: largest.x,
  };
  const smaller = points.slice(0, -1);
  if (smaller.length >= 2) {
    const line = linearFit(smaller);
    // a synth never gets faster with more services: the line's value is floored at the slowest smaller one
    const predictedMs = Math.max(line.intercept + line.slope * largest.x, ...smaller.map((p) => p.y));
    scaling.linearity = {
      predictedMs: round(predictedMs),
      measuredMs: largest.y,
      limitMs: round(BUDGETS.linearFactor * predictedMs + BUDGETS.linearNoiseMs),
    };
  }
  return scaling;
}

/** The synth cases: the example, its runner variants, the generated catalogues (their folders are added to `generated`). */
async function synthCases(options, generated) {
  const baseline = options.baseline ? generateBaseline(ROOT) : undefined;
  if (baseline) generated.push(baseline.dir);
  const cases = [];
  process.stdout.write(`Synth (median of ${options.runs} runs${baseline ? ', project and baseline' : ''}):\n`);
  cases.push(await synthCase({ id: 'example', label: 'Example config, all stacks', services: serviceCount(), options, baseline }));
  // what each start-up fix is worth: the runner before this change, and the runner without its cache
  cases.push(
    await synthCase({
      id: 'example-sucrase-register',
      label: 'Example, runner before: `node -r sucrase/register main.ts`',
      services: serviceCount(),
      options,
      command: ['node', '-r', 'sucrase/register', 'main.ts'],
    }),
  );
  cases.push(
    await synthCase({
      id: 'example-cold-cache',
      label: 'Example, tools/synth.js with `PLATFORM_TS_CACHE=off`',
      services: serviceCount(),
      options,
      extraEnv: { PLATFORM_TS_CACHE: 'off' },
    }),
  );
  for (const size of options.sizes) {
    const configDir = generateCatalogue(ROOT, size);
    generated.push(configDir);
    cases.push(await synthCase({ id: `catalogue-${size}`, label: `Catalogue of ${size}`, services: size, configDir, options, baseline }));
  }
  const largest = Math.max(...options.sizes);
  const splitDir = generateCatalogue(ROOT, largest, { split: 'by-team' });
  generated.push(splitDir);
  cases.push(
    await synthCase({
      id: `catalogue-${largest}-split`,
      label: `Catalogue of ${largest}, split by team`,
      services: largest,
      configDir: splitDir,
      options,
      baseline,
    }),
  );
  return cases;
}

/**
 * Each part of the test suite (TEST_SUITES), median of `--test-runs` runs, no warm-up (jest's transform cache
 * persists in node_modules/.cache/jest), with the load average at its start and end and its number of tests.
 */
async function testSuiteCases(options) {
  const suites = [];
  for (const suite of TEST_SUITES) {
    process.stdout.write(`${suite.label} (median of ${options.testRuns} runs)\n`);
    const scratch = scratchDir('platform-bench-jest-');
    try {
      const report = path.join(scratch, 'jest.json');
      const command = ['node', path.join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--silent', '--json', '--outputFile', report];
      const start = os.loadavg()[0];
      const measured = summary(await measure([...command, ...suite.args], { cwd: ROOT, runs: options.testRuns, warmup: 0 }));
      const tests = JSON.parse(fs.readFileSync(report, 'utf8')).numTotalTests;
      suites.push({ id: suite.id, label: suite.label, tests, loadAverage: { start, end: os.loadavg()[0] }, ...measured });
    } finally {
      removeScratch(scratch);
    }
  }
  return suites;
}

/** The synth cases of the last full run (`<out>/benchmark.json`), kept by a `--tests-only` run. */
function previousSynth(out) {
  const file = path.join(out, 'benchmark.json');
  if (!fs.existsSync(file)) return { cases: [], at: undefined };
  const previous = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { cases: previous.cases ?? [], at: previous.synthGeneratedAt ?? previous.generatedAt };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0];
  const generated = [];
  try {
    const previous = options.synth ? undefined : previousSynth(options.out);
    const cases = previous?.cases ?? (await synthCases(options, generated));
    const testSuites = options.tests ? await testSuiteCases(options) : undefined;
    const result = {
      generatedAt: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
      },
      settings: {
        runs: options.runs,
        testRuns: options.testRuns,
        warmup: 1,
        testWarmup: 0,
        memoryMethod: METHOD,
        baselineLoader:
          'ts-node is not installed here, so the baseline loader is TypeScript `transpileModule` per file (= ts-node --transpile-only); default ts-node also type-checks, so a real `cdktf init` app is slower still.',
      },
      // a --tests-only run keeps the synth cases of the last full run, from that date
      synthGeneratedAt: previous?.at,
      cases,
      scaling: { app: scalingOf(cases, 'catalogue-') },
      testSuites,
    };
    result.budgets = checkBudgets(result);

    fs.mkdirSync(options.out, { recursive: true });
    fs.writeFileSync(path.join(options.out, 'benchmark.json'), `${JSON.stringify(result, null, 2)}\n`);
    const report = await formatMarkdown(markdown(result), path.join(options.out, 'benchmark.md'));
    fs.writeFileSync(path.join(options.out, 'benchmark.md'), report);
    process.stdout.write(`\n${report}\n`);
    for (const c of cases) {
      if (c.baseline && !c.failed) {
        process.stdout.write(
          `${c.label}: ${ratio(c.baseline.wallMs, c.project.wallMs)} faster (wall), ${ratio(c.baseline.cpuMs, c.project.cpuMs)} less CPU, ${ratio(c.baseline.rssMb, c.project.rssMb)} less memory than the baseline\n`,
        );
      }
    }
    const failed = result.budgets.filter((b) => !b.pass);
    for (const b of failed) process.stdout.write(`FAIL: ${b.name}: ${b.measured} (limit ${b.limit})\n`);
    if (failed.length > 0 && Math.max(loadAtStart, os.loadavg()[0]) > os.cpus().length) {
      process.stdout.write(
        `(The machine was busy: load average above ${os.cpus().length}. Compare the CPU column, or re-run when it is quiet.)\n`,
      );
    }
    process.stdout.write(failed.length === 0 ? 'All budgets pass.\n' : `${failed.length} budget(s) FAILED.\n`);
    process.stdout.write(`Wrote ${path.relative(ROOT, path.join(options.out, 'benchmark.md'))} and benchmark.json\n`);
    process.exitCode = failed.length === 0 ? 0 : 1;
  } finally {
    for (const dir of generated) removeScratch(dir);
  }
}

function serviceCount() {
  require(path.join(ROOT, 'tools', 'register.js'));
  return require(path.join(ROOT, 'environments', 'services.ts')).default.length;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 2;
});
