import type { BuildPurpose } from '../core';
import type { LambdaRuntime } from './build-image';
import type { Buildspec } from './buildspec';

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
    artifacts: ['dist/**/*'],
    cachePaths: ['/root/.npm/**/*'],
    lambdaRuntime: 'nodejs20',
    tool: 'npm',
  },
  pypi: {
    install: ['python -m pip install --upgrade pip', 'python -m pip install -r requirements.txt'],
    build: ['python -m pip install build', 'python -m build --outdir dist'],
    unitTest: ['python -m pytest tests/unit'],
    // pytest-split divides the suite by recorded durations
    unitTestSharded: ['python -m pytest tests/unit --splits "$SHARD_COUNT" --group "$SHARD_INDEX"'],
    integrationTest: ['python -m pytest tests/integration'],
    validate: ['python -m pytest tests/smoke'],
    artifacts: ['dist/**/*'],
    cachePaths: ['/root/.cache/pip/**/*'],
    lambdaRuntime: 'python3.12',
    tool: 'pip',
  },
  maven: {
    install: ['mvn --batch-mode --no-transfer-progress dependency:go-offline'],
    build: ['mvn --batch-mode --no-transfer-progress package -DskipTests'],
    unitTest: ['mvn --batch-mode --no-transfer-progress test'],
    integrationTest: ['mvn --batch-mode --no-transfer-progress verify -DskipUnitTests'],
    validate: ['mvn --batch-mode --no-transfer-progress verify -Psmoke'],
    artifacts: ['target/*.jar'],
    cachePaths: ['/root/.m2/**/*'],
    lambdaRuntime: 'corretto21',
    tool: 'maven',
  },
};

/**
 * Pinned versions of the security-scan tools. A version bump is a reviewed change to this file, never a
 * silent `latest`.
 */
export const SECURITY_SCAN_TOOLS = {
  gitleaks: '8.21.2',
  syft: '1.16.0',
  grype: '0.84.0',
  semgrep: '1.95.0',
  checkov: '3.2.296',
} as const;

// Shell variables are written $NAME, never ${NAME}: Terraform would read ${...} as its own interpolation.

/** `uname -m` -> the architecture names of the tools' release assets. */
const ARCH = 'ARCH="$(uname -m | sed -e s/aarch64/arm64/ -e s/x86_64/amd64/)"';

/**
 * The security-scan buildspec: secrets detection (gitleaks), SAST (semgrep), IaC scan (checkov), an SBOM
 * in CycloneDX (syft) and SCA of that SBOM (grype). Every scanner fails the build on high or critical
 * findings; every report is kept as an artifact.
 */
export function securityScanBuildspec(): Buildspec {
  const t = SECURITY_SCAN_TOOLS;
  const gh = 'https://github.com';
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: {
        commands: [
          ARCH,
          'GITLEAKS_ARCH="$(echo "$ARCH" | sed s/amd64/x64/)"',
          `curl -sSfL "${gh}/gitleaks/gitleaks/releases/download/v${t.gitleaks}/gitleaks_${t.gitleaks}_linux_$GITLEAKS_ARCH.tar.gz" | tar -xz -C /usr/local/bin gitleaks`,
          `curl -sSfL "${gh}/anchore/syft/releases/download/v${t.syft}/syft_${t.syft}_linux_$ARCH.tar.gz" | tar -xz -C /usr/local/bin syft`,
          `curl -sSfL "${gh}/anchore/grype/releases/download/v${t.grype}/grype_${t.grype}_linux_$ARCH.tar.gz" | tar -xz -C /usr/local/bin grype`,
          `python3 -m pip install --quiet "semgrep==${t.semgrep}" "checkov==${t.checkov}"`,
          'mkdir -p reports/security',
        ],
      },
      build: {
        commands: [
          // secrets: any leak fails (a leaked secret is always critical); --redact keeps it out of the logs
          'gitleaks detect --source . --redact --exit-code 1 --report-format sarif --report-path reports/security/gitleaks.sarif',
          // SAST: findings of severity ERROR (high) fail the build
          'semgrep scan --config p/default --severity ERROR --error --metrics off --sarif --output reports/security/semgrep.sarif',
          // IaC: Terraform, CloudFormation, Dockerfiles, Kubernetes manifests, GitHub workflows
          'checkov --directory . --quiet --compact --output cli --output sarif --output-file-path console,reports/security/checkov.sarif',
          // SBOM (CycloneDX), then SCA of exactly that SBOM: high and critical vulnerabilities fail the build
          'syft scan dir:. --output cyclonedx-json=reports/security/sbom.cdx.json',
          'grype sbom:reports/security/sbom.cdx.json --fail-on high --output sarif --file reports/security/grype.sarif',
        ],
      },
    },
    artifacts: { files: ['reports/security/**/*'] },
  };
}

export interface ServiceBuildspecOptions {
  readonly ecosystem: BuildEcosystem;
  /** Build (and save) a container image in the build purpose. @default false */
  readonly docker?: boolean;
  /** Image name for Docker builds. */
  readonly imageName?: string;
  /** Commands replacing the ecosystem's defaults. @default none */
  readonly commands?: BuildCommands;
  /** The purpose runs as shards of a batch. @default false */
  readonly sharded?: boolean;
}

/** The default buildspec of one purpose of a service. */
export function serviceBuildspec(purpose: BuildPurpose, options: ServiceBuildspecOptions): Buildspec {
  if (purpose === 'security-scan') return securityScanBuildspec();
  const d = ECOSYSTEM_DEFAULTS[options.ecosystem];
  const c = options.commands ?? {};
  const install = { commands: [...(c.install ?? d.install)] };
  const cache = { paths: [...d.cachePaths] };
  const base = { version: '0.2', env: { shell: 'bash' } } as const;
  switch (purpose) {
    case 'build': {
      const image = options.imageName ?? 'service';
      const docker = options.docker
        ? [
            `docker build --tag "${image}:$CODEBUILD_RESOLVED_SOURCE_VERSION" .`,
            'mkdir -p dist',
            `docker save "${image}:$CODEBUILD_RESOLVED_SOURCE_VERSION" | gzip > dist/image.tar.gz`,
          ]
        : [];
      return {
        ...base,
        phases: { install, build: { commands: [...(c.build ?? d.build), ...docker] } },
        artifacts: { files: [...d.artifacts, ...(options.docker && !d.artifacts.includes('dist/**/*') ? ['dist/image.tar.gz'] : [])] },
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
      return { ...base, phases: { install, build: { commands: [...(c.integrationTest ?? d.integrationTest)] } }, cache };
    case 'validate':
      // light job on Lambda compute: no dependency cache, nothing kept
      return { ...base, phases: { install, build: { commands: [...(c.validate ?? d.validate)] } } };
  }
}
