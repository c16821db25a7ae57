import type { BuildPurpose } from '../core';
import type { LambdaRuntime } from './build-image';
import type { Buildspec, BuildspecPhase } from './buildspec';
import { CONTAINER_TARGETS, deployPackagingCommands, imagePushCommands, TEST_BUNDLE_DIR, type DeployPackaging } from './deploy-buildspecs';
import { securityScanBuildspec, type SecurityScanOptions } from './security-scan-buildspecs';

export type BuildEcosystem = 'npm' | 'pypi' | 'maven';

/** Commands that replace an ecosystem's defaults, per step. */
export interface BuildCommands {
  readonly install?: readonly string[];
  readonly build?: readonly string[];
  readonly unitTest?: readonly string[];
  readonly integrationTest?: readonly string[];
  readonly validate?: readonly string[];
}

interface EcosystemDefaults {
  readonly install: readonly string[];
  readonly build: readonly string[];
  readonly unitTest: readonly string[];
  /** Unit tests of one shard of a batch (SHARD_INDEX of SHARD_COUNT). */
  readonly unitTestSharded?: readonly string[];
  readonly integrationTest: readonly string[];
  readonly validate: readonly string[];
  /** The file a test bundle must hold for the tests to run (the ecosystem's manifest). */
  readonly manifest: string;
  /** Files the build purpose hands on as its artifact. */
  readonly artifacts: readonly string[];
  readonly cachePaths: readonly string[];
  readonly lambdaRuntime: LambdaRuntime;
  /** CodeArtifact login tool. */
  readonly tool: 'npm' | 'pip' | 'maven';
}

/** What each ecosystem runs when a service does not say otherwise. */
export const ECOSYSTEM_DEFAULTS: Readonly<Record<BuildEcosystem, EcosystemDefaults>> = {
  npm: {
    install: ['npm ci --no-audit --no-fund'],
    build: ['npm run build --if-present', 'npm pack --pack-destination dist'],
    unitTest: ['npm test'],
    unitTestSharded: ['npm test -- --shard="$SHARD_INDEX/$SHARD_COUNT"'],
    integrationTest: ['npm run test:integration'],
    validate: ['npm run test:smoke'],
    manifest: 'package.json',
    artifacts: ['dist/**/*'],
    cachePaths: ['/root/.npm/**/*'],
    lambdaRuntime: 'nodejs20',
    tool: 'npm',
  },
  pypi: {
    // the service pins its dependencies in requirements.txt; pip itself stays the image's (no unpinned upgrade)
    install: ['python -m pip install -r requirements.txt'],
    // byte-compiles every module: a syntax error fails the build (packages are built by the release, not here)
    build: ["python -m compileall -q -x '/(\\.venv|node_modules|\\.artifact)/' ."],
    unitTest: ['python -m pytest tests/unit'],
    // shard by test file, no plugin: the files of the sorted list whose position modulo SHARD_COUNT is this shard's
    unitTestSharded: [
      'test -n "$SHARD_INDEX" -a -n "$SHARD_COUNT" || { echo "unit-test: SHARD_INDEX and SHARD_COUNT are unset: a sharded project runs only as a batch build (BatchEnabled)" >&2; exit 1; }',
      'SHARD_FILES="$(find tests/unit -name \'test_*.py\' | sort | awk -v i="$SHARD_INDEX" -v n="$SHARD_COUNT" \'(NR - 1) % n == i - 1\')"',
      'if [ -z "$SHARD_FILES" ]; then echo "unit-test: shard $SHARD_INDEX of $SHARD_COUNT has no test files"; else python -m pytest $SHARD_FILES; fi',
    ],
    integrationTest: ['python -m pytest tests/integration'],
    validate: ['python -m pytest tests/smoke'],
    manifest: 'requirements.txt',
    artifacts: ['dist/**/*'],
    cachePaths: ['/root/.cache/pip/**/*'],
    lambdaRuntime: 'python3.12',
    tool: 'pip',
  },
  maven: {
    // resolves the project model and its plugins; dependencies resolve in the phases that need them
    install: ['mvn --batch-mode --no-transfer-progress validate'],
    build: ['mvn --batch-mode --no-transfer-progress package -DskipTests'],
    unitTest: ['mvn --batch-mode --no-transfer-progress test'],
    integrationTest: ['mvn --batch-mode --no-transfer-progress verify -DskipUnitTests'],
    validate: ['mvn --batch-mode --no-transfer-progress verify -Psmoke'],
    manifest: 'pom.xml',
    artifacts: ['target/*.jar'],
    cachePaths: ['/root/.m2/**/*'],
    lambdaRuntime: 'corretto21',
    tool: 'maven',
  },
};

export interface ServiceBuildspecOptions {
  readonly ecosystem: BuildEcosystem;
  /** Build, push and record a container image even without a container deploy target. @default false */
  readonly docker?: boolean;
  /** Commands replacing the ecosystem's defaults. @default none */
  readonly commands?: BuildCommands;
  /** The purpose runs as shards of a batch. @default false */
  readonly sharded?: boolean;
  /**
   * The deploy action the build's artifact feeds: the build checks the service's templates and emits exactly
   * its files (deploy-buildspecs.ts). @default none: the ecosystem's build output is the artifact
   */
  readonly deploy?: DeployPackaging;
  /** Plain environment variables of the build (IMAGE_REPOSITORY_URI, CONTAINER_NAME, SITE_URL). @default none */
  readonly variables?: Readonly<Record<string, string>>;
  /** Options of the security scan. @default fail on high, no image scan */
  readonly scan?: SecurityScanOptions;
}

/** True when the build of `options` builds and pushes a container image. */
export function buildsImage(options: Pick<ServiceBuildspecOptions, 'docker' | 'deploy'>): boolean {
  return (options.docker ?? false) || (options.deploy !== undefined && CONTAINER_TARGETS.includes(options.deploy.target));
}

/** Exported build variables (an action namespace reads them): the image the artifact deploys. */
const IMAGE_EXPORTS = ['IMAGE_URI', 'IMAGE_TAG', 'IMAGE_DIGEST'];

/**
 * Commands that move to where the tests' inputs are: `test-bundle/` of the primary input when the build
 * artifact is the primary input (validate; integration tests of later environments), else the source itself.
 */
function testRootCommands(purpose: string, manifest: string): string[] {
  return [
    `if [ -d "$CODEBUILD_SRC_DIR/${TEST_BUNDLE_DIR}" ]; then export TEST_ROOT="$CODEBUILD_SRC_DIR/${TEST_BUNDLE_DIR}"; else export TEST_ROOT="$CODEBUILD_SRC_DIR"; fi`,
    'cd "$TEST_ROOT"',
    `test -f ${manifest} || { echo "${purpose}: ${manifest} not found in $TEST_ROOT: the tests run from the source or from ${TEST_BUNDLE_DIR}/ of the build artifact (docs/deploy-targets.md)" >&2; exit 1; }`,
  ];
}

/** The default buildspec of one purpose of a service. */
export function serviceBuildspec(purpose: BuildPurpose, options: ServiceBuildspecOptions): Buildspec {
  if (purpose === 'security-scan') return securityScanBuildspec({ ...options.scan, image: options.scan?.image ?? buildsImage(options) });
  const d = ECOSYSTEM_DEFAULTS[options.ecosystem];
  const c = options.commands ?? {};
  const install: BuildspecPhase = { commands: [...(c.install ?? d.install)] };
  const cache = { paths: [...d.cachePaths] };
  const variables =
    options.variables !== undefined && Object.keys(options.variables).length > 0 ? { variables: { ...options.variables } } : {};
  const base = { version: '0.2', env: { shell: 'bash', ...variables } } as const;
  const inTestRoot = (name: string, commands: readonly string[]) => ({
    install: { commands: [...testRootCommands(name, d.manifest), ...install.commands] },
    build: { commands: ['cd "$TEST_ROOT"', ...commands] },
  });
  switch (purpose) {
    case 'build': {
      const image = buildsImage(options);
      const build = [...(c.build ?? d.build)];
      if (options.deploy === undefined) {
        // no deploy action reads the artifact: the ecosystem's output, and the image's digest when it has one
        return {
          ...base,
          env: { ...base.env, ...(image ? { 'exported-variables': IMAGE_EXPORTS } : {}) },
          phases: {
            install,
            build: {
              commands: [
                ...build,
                ...(image ? ['mkdir -p .artifact', ...imagePushCommands(), 'mkdir -p dist && cp .artifact/imageDetail.json dist/'] : []),
              ],
            },
          },
          artifacts: { files: [...d.artifacts] },
          cache,
        };
      }
      return {
        ...base,
        env: { ...base.env, ...(image ? { 'exported-variables': IMAGE_EXPORTS } : {}) },
        phases: { install, build: { commands: [...build, ...deployPackagingCommands(options.deploy, d.artifacts.map(outputRoot))] } },
        artifacts: { files: ['**/*'], 'base-directory': '.artifact' },
        cache,
      };
    }
    case 'unit-test': {
      const sharded = options.sharded ?? false;
      if (sharded && c.unitTest === undefined && d.unitTestSharded === undefined) {
        throw new Error(
          `${options.ecosystem} has no default sharded unit-test command; give commands.unitTest using SHARD_INDEX and SHARD_COUNT`,
        );
      }
      const commands = c.unitTest ?? (sharded ? d.unitTestSharded : d.unitTest) ?? d.unitTest;
      return { ...base, phases: { install, build: { commands: [...commands] } }, cache };
    }
    case 'integration-test':
      if ((options.sharded ?? false) && c.integrationTest === undefined) {
        throw new Error(
          'integration tests have no default sharded command; give commands.integrationTest using SHARD_INDEX and SHARD_COUNT',
        );
      }
      return { ...base, phases: inTestRoot('integration-test', c.integrationTest ?? d.integrationTest), cache };
    case 'validate':
      if (options.deploy?.target === 's3' && c.validate === undefined) {
        // the artifact of a site is the site alone: the smoke test fetches what was deployed
        return {
          ...base,
          phases: {
            build: {
              commands: [
                'test -n "$SITE_URL" || { echo "validate: SITE_URL is not set: the platform sets it on the validate project of an s3 deploy (docs/deploy-targets.md)" >&2; exit 1; }',
                'curl --fail --silent --show-error --location --output /dev/null "$SITE_URL"',
              ],
            },
          },
        };
      }
      // light job on Lambda compute: no dependency cache, nothing kept
      return { ...base, phases: inTestRoot('validate', c.validate ?? d.validate) };
  }
}

/** `dist/**\/*` -> `dist`, `target/*.jar` -> `target/*.jar`: what to copy of an ecosystem's output. */
function outputRoot(glob: string): string {
  return glob.replace(/\/\*\*\/\*$/, '');
}
