import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments, type Tags } from 'yaml';
import type { FlowAction } from './synthesized';

/**
 * What each deploy action reads from its input artifact, checked the way the service would read it: the
 * files exist at the paths the action's configuration names, and parse. Each returns the problems found
 * (one line each, naming the file); none means the deploy has what it needs.
 */

/** CloudFormation's short-form intrinsic functions (`!Ref`, `!Sub`, ...), read as plain values. */
const CFN_TAGS: Tags = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Base64',
  'Cidr',
  'Condition',
].flatMap((name) =>
  (['scalar', 'seq', 'map'] as const).map((collection) => ({
    tag: `!${name}`,
    ...(collection === 'scalar' ? {} : { collection }),
    resolve: (value: unknown) => ({ [`Fn::${name}`]: value }),
  })),
) as unknown as Tags;

export interface ContractContext {
  /** The input artifact's directory. */
  readonly artifact: string;
  /** Image references (`<repo>@sha256:...`) the registry stub holds. */
  readonly pushedImages: ReadonlySet<string>;
  /** CodeDeploy platform of the action's application (Server, Lambda). */
  readonly codeDeployPlatform?: string;
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    problems.push(`${path.basename(file)} is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
}

function readYaml(file: string, problems: string[], customTags?: Tags): unknown {
  try {
    return parse(fs.readFileSync(file, 'utf8'), { customTags }) as unknown;
  } catch (e) {
    problems.push(`${path.basename(file)} is not valid YAML: ${(e as Error).message}`);
    return undefined;
  }
}

function exists(artifact: string, file: string, why: string, problems: string[]): boolean {
  if (fs.existsSync(path.join(artifact, file))) return true;
  problems.push(`${file} missing from the artifact (${why})`);
  return false;
}

function imageIsPushed(uri: unknown, file: string, ctx: ContractContext, problems: string[]): void {
  if (typeof uri !== 'string' || !/@sha256:[0-9a-f]{64}$/.test(uri)) {
    problems.push(`${file}: image "${String(uri)}" is not a digest reference (<repository>@sha256:...)`);
  } else if (!ctx.pushedImages.has(uri)) {
    problems.push(`${file}: image ${uri} was never pushed to the registry`);
  }
}

function codeDeployServer(ctx: ContractContext, problems: string[]): void {
  if (!exists(ctx.artifact, 'appspec.yml', 'CodeDeploy reads it from the bundle root', problems)) return;
  const spec = readYaml(path.join(ctx.artifact, 'appspec.yml'), problems) as
    | { version?: unknown; os?: unknown; files?: { source?: string }[]; hooks?: Record<string, { location?: string }[]> }
    | undefined;
  if (spec === undefined) return;
  if (spec.version === undefined || spec.os === undefined) problems.push('appspec.yml: needs version and os');
  for (const file of spec.files ?? []) {
    if (file.source !== undefined && file.source !== '/') exists(ctx.artifact, file.source, 'named in appspec.yml files', problems);
  }
  for (const hooks of Object.values(spec.hooks ?? {})) {
    for (const hook of hooks) if (hook.location !== undefined) exists(ctx.artifact, hook.location, 'a hook of appspec.yml', problems);
  }
}

function codeDeployLambda(ctx: ContractContext, problems: string[]): void {
  if (!exists(ctx.artifact, 'appspec.yml', 'CodeDeploy reads it from the bundle root', problems)) return;
  const spec = readYaml(path.join(ctx.artifact, 'appspec.yml'), problems) as
    | { Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>[] }
    | undefined;
  const functions = (spec?.Resources ?? []).flatMap((r) => Object.values(r)).filter((r) => r.Type === 'AWS::Lambda::Function');
  if (spec !== undefined && functions.length === 0) problems.push('appspec.yml: no resource of Type AWS::Lambda::Function');
  for (const fn of functions) {
    for (const key of ['Name', 'Alias', 'CurrentVersion', 'TargetVersion']) {
      if (fn.Properties?.[key] === undefined) problems.push(`appspec.yml: the function has no ${key}`);
    }
  }
}

function codeDeployToEcs(action: FlowAction, ctx: ContractContext, problems: string[]): void {
  const taskdef = action.configuration.TaskDefinitionTemplatePath ?? 'taskdef.json';
  const appspec = action.configuration.AppSpecTemplatePath ?? 'appspec.yaml';
  if (exists(ctx.artifact, taskdef, 'TaskDefinitionTemplatePath', problems)) {
    const json = readJson(path.join(ctx.artifact, taskdef), problems) as { containerDefinitions?: { image?: string }[] } | undefined;
    if (json !== undefined && !(json.containerDefinitions ?? []).some((c) => c.image === '<IMAGE1_NAME>')) {
      problems.push(`${taskdef}: no container image is the placeholder <IMAGE1_NAME>`);
    }
  }
  if (exists(ctx.artifact, appspec, 'AppSpecTemplatePath', problems)) {
    const text = fs.readFileSync(path.join(ctx.artifact, appspec), 'utf8');
    if (readYaml(path.join(ctx.artifact, appspec), problems) !== undefined && !text.includes('<TASK_DEFINITION>')) {
      problems.push(`${appspec}: TaskDefinition is not the placeholder <TASK_DEFINITION>`);
    }
  }
  if (exists(ctx.artifact, 'imageDetail.json', 'the image CodeDeploy puts in <IMAGE1_NAME>', problems)) {
    const detail = readJson(path.join(ctx.artifact, 'imageDetail.json'), problems) as { ImageURI?: unknown } | undefined;
    if (detail !== undefined) imageIsPushed(detail.ImageURI, 'imageDetail.json', ctx, problems);
  }
}

function ecs(action: FlowAction, ctx: ContractContext, problems: string[]): void {
  const file = action.configuration.FileName ?? 'imagedefinitions.json';
  if (!exists(ctx.artifact, file, 'FileName of the ECS action', problems)) return;
  const json = readJson(path.join(ctx.artifact, file), problems);
  if (json === undefined) return;
  if (!Array.isArray(json) || json.length === 0) {
    problems.push(`${file}: must be a list of {name, imageUri}`);
    return;
  }
  for (const entry of json as { name?: unknown; imageUri?: unknown }[]) {
    if (typeof entry.name !== 'string') problems.push(`${file}: an entry has no container name`);
    imageIsPushed(entry.imageUri, file, ctx, problems);
  }
}

function eks(action: FlowAction, ctx: ContractContext, problems: string[]): void {
  const entries = (action.configuration.ManifestFiles ?? '').split(',').filter((e) => e.length > 0);
  if (entries.length === 0) problems.push('the EKS action names no ManifestFiles');
  for (const entry of entries) {
    if (!exists(ctx.artifact, entry, 'ManifestFiles of the EKS action', problems)) continue;
    const full = path.join(ctx.artifact, entry);
    const files = fs.statSync(full).isDirectory()
      ? fs
          .readdirSync(full)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => path.join(full, f))
      : [full];
    if (files.length === 0) problems.push(`${entry}: no YAML manifest in it`);
    for (const file of files) {
      const rel = path.relative(ctx.artifact, file);
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0) {
          problems.push(`${rel} is not valid YAML: ${doc.errors[0].message}`);
          continue;
        }
        const manifest = doc.toJS() as {
          apiVersion?: string;
          kind?: string;
          spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
        };
        if (manifest.apiVersion === undefined || manifest.kind === undefined)
          problems.push(`${rel}: a manifest without apiVersion and kind`);
        for (const container of manifest.spec?.template?.spec?.containers ?? []) imageIsPushed(container.image, rel, ctx, problems);
      }
    }
  }
}

function elasticBeanstalk(ctx: ContractContext, problems: string[]): void {
  const procfile = fs.existsSync(path.join(ctx.artifact, 'Procfile'));
  const pkg = path.join(ctx.artifact, 'package.json');
  const start =
    fs.existsSync(pkg) && (readJson(pkg, problems) as { scripts?: { start?: string } } | undefined)?.scripts?.start !== undefined;
  if (!procfile && !start) problems.push('Procfile or a package.json start script missing from the source bundle root');
}

function artifactPath(value: string | undefined): string | undefined {
  return value?.split('::')[1];
}

function cloudFormation(action: FlowAction, ctx: ContractContext, problems: string[]): void {
  if (action.configuration.ActionMode !== 'CHANGE_SET_REPLACE' && action.configuration.ActionMode !== 'CREATE_UPDATE') return;
  const template = artifactPath(action.configuration.TemplatePath);
  if (template === undefined) problems.push('the CloudFormation action names no TemplatePath');
  else if (exists(ctx.artifact, template, 'TemplatePath', problems)) {
    const parsed = readYaml(path.join(ctx.artifact, template), problems, CFN_TAGS) as { Resources?: Record<string, unknown> } | undefined;
    if (parsed !== undefined && Object.keys(parsed.Resources ?? {}).length === 0) problems.push(`${template}: no Resources`);
  }
  const configuration = artifactPath(action.configuration.TemplateConfiguration);
  if (configuration === undefined)
    problems.push('the CloudFormation action names no TemplateConfiguration (parameters and tags per environment)');
  else if (exists(ctx.artifact, configuration, 'TemplateConfiguration', problems)) {
    const json = readJson(path.join(ctx.artifact, configuration), problems) as { Parameters?: unknown } | undefined;
    if (json !== undefined && (typeof json.Parameters !== 'object' || json.Parameters === null))
      problems.push(`${configuration}: no Parameters object`);
  }
}

function s3Site(ctx: ContractContext, problems: string[]): void {
  exists(ctx.artifact, 'index.html', 'the site the S3 action extracts into the bucket', problems);
  for (const stray of ['test-bundle', 'package.json', 'node_modules']) {
    if (fs.existsSync(path.join(ctx.artifact, stray))) problems.push(`${stray} would be published with the site`);
  }
}

/** The problems of `action`'s input artifact; [] when it has everything the action reads. */
export function checkDeployContract(action: FlowAction, ctx: ContractContext): string[] {
  const problems: string[] = [];
  switch (action.provider) {
    case 'CodeDeploy':
      if (ctx.codeDeployPlatform === 'Lambda') codeDeployLambda(ctx, problems);
      else codeDeployServer(ctx, problems);
      break;
    case 'CodeDeployToECS':
      codeDeployToEcs(action, ctx, problems);
      break;
    case 'ECS':
      ecs(action, ctx, problems);
      break;
    case 'EKS':
      eks(action, ctx, problems);
      break;
    case 'ElasticBeanstalk':
      elasticBeanstalk(ctx, problems);
      break;
    case 'CloudFormation':
      cloudFormation(action, ctx, problems);
      break;
    case 'S3':
      if (action.configuration.Extract === 'true') s3Site(ctx, problems);
      break;
  }
  return problems;
}
