// Runs a command and measures its wall time, CPU time (user + system) and peak memory: with `/usr/bin/time -v` where it exists (the
// peak RSS of the largest process of the command), else by loading report-rss.js into every node process.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
require('../register');
const { removeScratch, scratchDir, trackChild } = require('../scratch.ts');

const TIME = '/usr/bin/time';
const HAS_TIME = (() => {
  try {
    return spawnSync(TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
})();
const METHOD = HAS_TIME ? '/usr/bin/time -v (maximum resident set size)' : 'process.resourceUsage().maxRSS of each node process';

/**
 * Run `argv` to its end, like spawnSync, but asynchronously: an interrupt of the benchmark stops it (its whole
 * process group) before the benchmark's temporary directories are removed (tools/scratch.ts).
 */
function run(argv, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = trackChild(spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Run `command` (argv) once; resolves to { wallMs, cpuMs, rssMb } or rejects with the command's output on failure. */
async function runOnce(command, { cwd, env }) {
  const scratch = scratchDir('platform-bench-run-');
  const rssFile = path.join(scratch, 'rss');
  try {
    let argv = command;
    let childEnv = { ...process.env, ...env };
    if (HAS_TIME) {
      argv = [TIME, '-v', '-o', rssFile, ...command];
    } else {
      const hook = path.join(__dirname, 'report-rss.js');
      childEnv = { ...childEnv, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${childEnv.NODE_OPTIONS ?? ''} --require ${hook}`.trim() };
    }
    const start = process.hrtime.bigint();
    const result = await run(argv, { cwd, env: childEnv });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      const how = result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
      throw new Error(`${command.join(' ')} failed (${how}):\n${result.stdout}\n${result.stderr}`.trim());
    }
    const text = fs.readFileSync(rssFile, 'utf8');
    if (HAS_TIME) {
      const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1] ?? NaN);
      const cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
      return { wallMs, cpuMs, rssMb: field('Maximum resident set size \\(kbytes\\)') / 1024 };
    }
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ').map(Number));
    return { wallMs, cpuMs: lines.reduce((a, [, cpu]) => a + cpu / 1000, 0), rssMb: Math.max(...lines.map(([kb]) => kb)) / 1024 };
  } finally {
    removeScratch(scratch);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `warmup` unmeasured runs, then `runs` measured ones; medians and every sample. */
async function measure(command, { cwd, env = {}, runs, warmup = 1, before }) {
  for (let i = 0; i < warmup; i += 1) {
    before?.();
    await runOnce(command, { cwd, env });
  }
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    before?.();
    samples.push(await runOnce(command, { cwd, env }));
  }
  return {
    runs,
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    samples,
  };
}

/** Least-squares line through (x, y): slope, intercept and R². */
function linearFit(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  const ssTot = points.reduce((a, p) => a + (p.y - my) ** 2, 0);
  const ssRes = points.reduce((a, p) => a + (p.y - (intercept + slope * p.x)) ** 2, 0);
  return { slope, intercept, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

module.exports = { measure, median, linearFit, METHOD };
