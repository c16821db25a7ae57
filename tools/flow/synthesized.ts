import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { Buildspec } from '../../modules/codebuild-project';

/** One action of a synthesized pipeline, with Terraform references resolved to the names they point at. */
export interface FlowAction {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly configuration: Readonly<Record<string, string>>;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly runOrder: number;
}

export interface FlowStage {
  readonly name: string;
  readonly actions: readonly FlowAction[];
  /** `on_failure.result` of the stage (CodePipeline V2 stage rollback). */
  readonly onFailure?: string;
}

export interface FlowPipeline {
  readonly stack: string;
  readonly name: string;
  readonly service: string;
  readonly pattern: string;
  readonly stages: readonly FlowStage[];
}

export interface FlowProject {
  readonly name: string;
  readonly buildspec: Buildspec;
  /** The project's own plain environment variables (`environment.environment_variable`). */
  readonly variables: Readonly<Record<string, string>>;
  readonly region: string;
}

export interface Synthesized {
  readonly pipelines: readonly FlowPipeline[];
  readonly projects: ReadonlyMap<string, FlowProject>;
  /** CodeDeploy application name -> compute platform (Server, Lambda, ECS). */
  readonly codeDeployPlatforms: ReadonlyMap<string, string>;
}

/** The plain variables a CodeBuild action sets (its `EnvironmentVariables`), over the project's. */
export function actionVariables(action: FlowAction): Record<string, string> {
  const json = action.configuration.EnvironmentVariables;
  if (json === undefined) return {};
  const list = JSON.parse(json) as { name: string; value: string; type?: string }[];
  return Object.fromEntries(list.filter((v) => (v.type ?? 'PLAINTEXT') === 'PLAINTEXT').map((v) => [v.name, v.value]));
}

type Json = Record<string, unknown>;

const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}$/;

/** A `${type.key.attribute}` reference of the same stack, resolved when the attribute is a literal there. */
function resolve(value: unknown, resources: Json): string {
  const text = String(value);
  const match = REFERENCE.exec(text);
  if (match === null) return text;
  const [, type, key, attribute] = match;
  const resource = (resources[type] as Json | undefined)?.[key] as Json | undefined;
  const literal = resource?.[attribute];
  return typeof literal === 'string' ? literal : text;
}

function regionOf(json: Json): string {
  const providers = (json.provider as Json | undefined)?.aws as Json[] | undefined;
  return String(providers?.[0]?.region ?? 'eu-west-1');
}

/** Pipelines, CodeBuild projects and CodeDeploy platforms of every stack in `outDir` (a cdktf.out). */
export function readSynthesized(outDir: string): Synthesized {
  const stacksDir = path.join(outDir, 'stacks');
  if (!fs.existsSync(stacksDir)) throw new Error(`${stacksDir} not found: synthesize first (npm run synth)`);
  const pipelines: FlowPipeline[] = [];
  const projects = new Map<string, FlowProject>();
  const codeDeployPlatforms = new Map<string, string>();
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    const resources = (json.resource ?? {}) as Json;
    const region = regionOf(json);
    for (const project of Object.values((resources.aws_codebuild_project ?? {}) as Json) as Json[]) {
      const source = project.source as Json;
      const environment = (project.environment ?? {}) as Json;
      const variables = Object.fromEntries(
        ((environment.environment_variable ?? []) as Json[])
          .filter((v) => (v.type ?? 'PLAINTEXT') === 'PLAINTEXT')
          .map((v) => [String(v.name), resolve(v.value, resources)]),
      );
      const name = String(project.name);
      projects.set(name, { name, buildspec: parse(String(source.buildspec)) as Buildspec, variables, region });
    }
    for (const app of Object.values((resources.aws_codedeploy_app ?? {}) as Json) as Json[]) {
      codeDeployPlatforms.set(String(app.name), String(app.compute_platform ?? 'Server'));
    }
    for (const pipeline of Object.values((resources.aws_codepipeline ?? {}) as Json) as Json[]) {
      const tags = (pipeline.tags ?? {}) as Record<string, string>;
      const stages = ((pipeline.stage ?? []) as Json[]).map(
        (stage): FlowStage => ({
          name: String(stage.name),
          onFailure: ((stage.on_failure ?? undefined) as Json | undefined)?.result as string | undefined,
          actions: ((stage.action ?? []) as Json[]).map((action) => ({
            name: String(action.name),
            category: String(action.category),
            provider: String(action.provider),
            configuration: Object.fromEntries(
              Object.entries((action.configuration ?? {}) as Json).map(([k, v]) => [k, resolve(v, resources)]),
            ),
            inputs: ((action.input_artifacts ?? []) as string[]).map(String),
            outputs: ((action.output_artifacts ?? []) as string[]).map(String),
            runOrder: Number(action.run_order ?? 1),
          })),
        }),
      );
      pipelines.push({
        stack,
        name: String(pipeline.name),
        service: tags.service ?? String(pipeline.name),
        pattern: tags['cicd-pattern'] ?? 'unknown',
        stages,
      });
    }
  }
  return { pipelines, projects, codeDeployPlatforms };
}
