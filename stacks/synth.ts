import * as fs from 'fs';
import * as path from 'path';
import type { PlatformConfig } from '../environments';
import { App } from '../modules/core';
import { PolicyError, configSecretFindings, synthBehindGate, type ConfigSource, type PolicyReport } from '../policies';
import { buildPlatform } from './platform-app';

export interface SynthResult {
  /** The directory written: `<outdir>/manifest.json`, `<outdir>/stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly stacks: readonly string[];
  readonly report: PolicyReport;
}

/**
 * Synthesize every stack of `config` into `outdir`, all or nothing: the app writes into a staging
 * directory beside `outdir`, which replaces `outdir` only when every stack synthesized and passed its
 * validations and policy checks. On any error the staging directory is removed and `outdir` is untouched.
 */
export function synthesizePlatform(config: PlatformConfig, outdir: string): SynthResult {
  // PLAT-SEC-001 at the source: a secret in config stops the synth before anything is built, naming file and field
  const inConfig = configSecretFindings(configSources(config));
  if (inConfig.length > 0) throw new PolicyError(inConfig);
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = buildPlatform(app, config);
    // the policy gate: an error finding fails the synth whatever the environment says (policies/gate.ts)
    synthBehindGate(app, () => app.synth());
    fs.writeFileSync(path.join(staging, 'policy-report.json'), `${JSON.stringify(stacks.report.toJSON(), null, 2)}\n`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    return { outdir: target, stacks: stacks.all.map((s) => s.node.id), report: stacks.report };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Every configuration file's data, named as the loader names it (environments/load.ts). */
export function configSources(config: PlatformConfig): ConfigSource[] {
  return [
    { file: 'environments/organisation.ts', label: '', data: config.organisation },
    ...config.environments.map((env) => ({ file: `environments/${env.name}.ts`, label: ` (environment "${env.name}")`, data: env })),
    ...config.services.map((service, i) => ({
      file: 'environments/services.ts',
      label: ` (service "${service.name}", services[${i}])`,
      data: service,
    })),
  ];
}
