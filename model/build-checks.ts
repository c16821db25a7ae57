import type { PlatformConfig } from '../environments/schema';

/**
 * Checks of the services' build settings that span files: VPC placement names environments of the
 * promotion order, a service reading CodeArtifact has a repository for its ecosystem, sharded tests have
 * commands, and Lambda compute is not asked for what it cannot do. Returns the
 * problems, one message each (file, service, field, what is allowed).
 */
export function buildConfigProblems(config: PlatformConfig): string[] {
  const { organisation, services } = config;
  const problems: string[] = [];
  const known = organisation.promotionOrder;
  for (const service of services) {
    const where = `environments/services.ts (service "${service.name}")`;
    for (const name of Object.keys(service.build.vpc)) {
      if (!known.includes(name)) {
        problems.push(`${where}: build.vpc.${name}: names an environment that is not in promotionOrder (allowed: ${known.join(', ')})`);
      }
    }
    for (const purpose of service.build.batch?.purposes ?? []) {
      const step = purpose === 'unit-test' ? 'unitTest' : 'integrationTest';
      const hasDefault = purpose === 'unit-test' && service.build.ecosystem !== 'maven';
      if (!hasDefault && service.build.commands[step] === undefined) {
        problems.push(
          `${where}: build.batch.purposes: runs ${purpose} in shards, but ${service.build.ecosystem} has no default sharded ${purpose} command; ` +
            `set build.commands.${step} to commands that run shard SHARD_INDEX of SHARD_COUNT`,
        );
      }
    }
    for (const [variable, name] of Object.entries(service.build.secrets)) {
      const declared = service.secrets.find((s) => s.name === name);
      if (declared === undefined) {
        const names = service.secrets.map((s) => s.name);
        problems.push(
          `${where}: build.secrets.${variable}: names "${name}", which is not one of the service's secrets (declared: ${names.join(', ') || 'none'}); declare it under secrets`,
        );
      } else if (declared.readers.builds.length === 0) {
        problems.push(
          `${where}: build.secrets.${variable}: secret "${name}" has no build reader; add the build purposes that read it to its readers.builds`,
        );
      }
    }
    const { ecosystems } = organisation.codeArtifact;
    if (service.build.codeArtifact && !ecosystems.includes(service.build.ecosystem)) {
      problems.push(
        `${where}: build.codeArtifact: is true, but environments/organisation.ts codeArtifact.ecosystems has no "${service.build.ecosystem}" ` +
          `repository (has: ${ecosystems.join(', ')}); add the ecosystem there or set build.codeArtifact to false`,
      );
    }
  }
  for (const environment of config.environments) {
    const compute = environment.build.computeType;
    if (!compute.startsWith('BUILD_LAMBDA_')) continue;
    for (const service of services) {
      const needs = [
        service.build.docker && 'build.docker: true',
        service.build.cache === 'local' && 'build.cache: "local"',
        service.build.batch !== undefined && 'build.batch',
        service.build.vpc[environment.name] !== undefined && `build.vpc.${environment.name}`,
      ].filter((x): x is string => typeof x === 'string');
      if (needs.length > 0) {
        problems.push(
          `environments/${environment.name}.ts (environment "${environment.name}"): build.computeType: ${compute} is Lambda compute, ` +
            `which cannot run service "${service.name}" (${needs.join(', ')}); use a BUILD_GENERAL1_* compute type`,
        );
      }
    }
  }
  return problems;
}
