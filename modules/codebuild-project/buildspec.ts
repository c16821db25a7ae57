import { stringify } from 'yaml';

/** One phase of a buildspec. */
export interface BuildspecPhase {
  /** Language runtimes of the standard image to select (install phase only), e.g. `{ nodejs: '20' }`. */
  readonly 'runtime-versions'?: Readonly<Record<string, string>>;
  readonly commands: readonly string[];
  /** Commands that run even when `commands` fail. */
  readonly finally?: readonly string[];
}

export interface BuildspecReport {
  readonly files: readonly string[];
  readonly 'file-format': 'JUNITXML' | 'COBERTURAXML' | 'JACOCOXML' | 'CLOVERXML' | 'SIMPLECOV' | 'LCOV';
  readonly 'base-directory'?: string;
}

export interface BuildspecBatchBuild {
  readonly identifier: string;
  readonly env?: { readonly variables?: Readonly<Record<string, string>> };
  readonly 'ignore-failure'?: boolean;
}

/** A CodeBuild buildspec (version 0.2), as a typed object: it is serialized with `yaml`, never concatenated. */
export interface Buildspec {
  readonly version: '0.2';
  readonly env?: {
    readonly shell?: 'bash';
    readonly variables?: Readonly<Record<string, string>>;
    /** Variables the build exports to the pipeline (an action's namespace). */
    readonly 'exported-variables'?: readonly string[];
    /** Environment variable -> secret name (or ARN), resolved by CodeBuild at build start. */
    readonly 'secrets-manager'?: Readonly<Record<string, string>>;
  };
  readonly phases: {
    readonly install?: BuildspecPhase;
    readonly pre_build?: BuildspecPhase;
    readonly build: BuildspecPhase;
    readonly post_build?: BuildspecPhase;
  };
  /** Report group ARN -> files of that report. */
  readonly reports?: Readonly<Record<string, BuildspecReport>>;
  readonly artifacts?: {
    readonly files: readonly string[];
    /** Files matched by `files` but left out. */
    readonly 'exclude-paths'?: readonly string[];
    readonly 'base-directory'?: string;
    readonly 'discard-paths'?: 'yes' | 'no';
  };
  readonly cache?: { readonly paths: readonly string[] };
  readonly batch?: { readonly 'fast-fail': boolean; readonly 'build-list': readonly BuildspecBatchBuild[] };
}

/**
 * The buildspec as YAML. Long lines are never folded (a folded command changes meaning) and the output is
 * byte-stable for the same input, so synth diffs stay quiet.
 */
export function renderBuildspec(spec: Buildspec): string {
  const text = stringify(spec, { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
  // the buildspec lands in a Terraform string: `${...}` (other than a CDKTF reference) and `%{` are templates there
  const template = /\$\{(?!TfToken\[)[^}]*\}|%\{/.exec(text);
  if (template !== null) {
    throw new Error(
      `buildspec contains "${template[0]}", which Terraform would read as a template; write shell variables as $NAME, not \${NAME}`,
    );
  }
  return text;
}
