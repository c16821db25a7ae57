import { exampleOutdir } from './example';
import { deployTarget, runFlow, type FlowOptions, type FlowReport, type PipelineVerdict } from '../../tools/flow/run';
import { readSynthesized, type FlowPipeline, type Synthesized } from '../../tools/flow/synthesized';

/** The example's synthesized pipelines, as the flow runner reads them (tools/flow/synthesized.ts). */
export function exampleSynthesized(): Synthesized {
  return readSynthesized(exampleOutdir());
}

/** Whether `pipeline` deploys to one of `targets` (the fixture service it runs over). */
export function targetIn(synth: Synthesized, targets: readonly string[]): (pipeline: FlowPipeline) => boolean {
  return (pipeline) => targets.includes(deployTarget(pipeline, synth));
}

/** Whether `pipeline` builds (its source is the service's repository, not an artifact promoted to it). */
export function builds(pipeline: FlowPipeline): boolean {
  return !pipeline.stages[0].actions.some((a) => a.provider === 'S3' && a.configuration.S3ObjectKey?.startsWith('promotion/'));
}

/** Run the flow over the example's synthesized output (jest's run folder: nothing left in /tmp). */
export function runExampleFlow(options: Omit<FlowOptions, 'outDir'>): FlowReport {
  return runFlow({ outDir: exampleOutdir(), ...options });
}

/** A verdict's line, with its notes, for a failure message that says where and why. */
export function describeVerdict(verdict: PipelineVerdict): string {
  return `${verdict.pipeline} (${verdict.target}, ${verdict.pattern}): ${verdict.failure ?? 'ok'}`;
}

/** Runs a flow test's builds: minutes on a loaded two-core machine. */
export const FLOW_TIMEOUT_MS = 600_000;

/**
 * The flow of the example's pipelines of `targets`, as jest tests: one per pipeline (it passes every stage, each
 * deploy action finds its files), and the checks beyond the pipelines (planted findings, shards) of those targets.
 */
export function flowSuite(title: string, targets: readonly string[]): void {
  const synth = exampleSynthesized();
  const only = targetIn(synth, targets);
  const selected = synth.pipelines.filter(only);
  describe(`npm run flow: ${title}`, () => {
    let report: FlowReport;
    beforeAll(() => {
      report = runExampleFlow({ only });
    }, FLOW_TIMEOUT_MS);

    test('the example has a pipeline of each of these targets', () => {
      expect([...new Set(selected.map((p) => deployTarget(p, synth)))].sort()).toEqual([...targets].sort());
    });

    test.each(selected.map((p) => p.name))('%s: every stage passes and each deploy action finds the files it reads', (name) => {
      const pipeline = selected.find((p) => p.name === name)!;
      const verdict = report.verdicts.find((v) => v.pipeline === name);
      expect(verdict === undefined ? 'not run' : describeVerdict(verdict)).toBe(
        `${name} (${deployTarget(pipeline, synth)}, ${pipeline.pattern}): ok`,
      );
      expect(verdict!.stages).toEqual(pipeline.stages.map((s) => s.name));
    });

    test('planted findings fail the scan, sharded tests run as batches', () => {
      expect(report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    });
  });
}
