import type { Buildspec } from './buildspec';

/** A scanner downloaded as a release archive: pinned by version, verified by SHA-256 before it is unpacked. */
export interface PinnedTool {
  readonly version: string;
  /** Release archive URL per architecture (`uname -m`, as CodeBuild's images report it). */
  readonly url: Readonly<Record<'x86_64' | 'aarch64', string>>;
  /** SHA-256 of each archive, from the project's release checksums. */
  readonly sha256: Readonly<Record<'x86_64' | 'aarch64', string>>;
  /** The executable inside the archive. */
  readonly member: string;
}

const GH = 'https://github.com';

function release(repo: string, version: string, asset: (arch: 'x86_64' | 'aarch64') => string): PinnedTool['url'] {
  return {
    x86_64: `${GH}/${repo}/releases/download/v${version}/${asset('x86_64')}`,
    aarch64: `${GH}/${repo}/releases/download/v${version}/${asset('aarch64')}`,
  };
}

/**
 * The scanners of the security-scan build. A version bump is a reviewed change of version, URLs and
 * checksums together (the release's checksums file); the build refuses an archive whose SHA-256 differs.
 */
export const SECURITY_SCAN_TOOLS = {
  gitleaks: {
    version: '8.30.1',
    url: release('gitleaks/gitleaks', '8.30.1', (a) => `gitleaks_8.30.1_linux_${a === 'x86_64' ? 'x64' : 'arm64'}.tar.gz`),
    sha256: {
      x86_64: '551f6fc83ea457d62a0d98237cbad105af8d557003051f41f3e7ca7b3f2470eb',
      aarch64: 'e4a487ee7ccd7d3a7f7ec08657610aa3606637dab924210b3aee62570fb4b080',
    },
    member: 'gitleaks',
  },
  syft: {
    version: '1.4.1',
    url: release('anchore/syft', '1.4.1', (a) => `syft_1.4.1_linux_${a === 'x86_64' ? 'amd64' : 'arm64'}.tar.gz`),
    sha256: {
      x86_64: '5e4c6a0d1ca28d25e060a29c7cca0aedc50d951bfb270b45bc9a71e86ac6fbe2',
      aarch64: 'a28d63bb2bca96092a1a42cd5afdd0787633ae05998935a5e6e2aac8f2e2ec44',
    },
    member: 'syft',
  },
  grype: {
    version: '0.87.0',
    url: release('anchore/grype', '0.87.0', (a) => `grype_0.87.0_linux_${a === 'x86_64' ? 'amd64' : 'arm64'}.tar.gz`),
    sha256: {
      x86_64: 'be710d15f5477e5c77ce03d14e480263415d7ab135e04b8483663f688823087d',
      aarch64: '3c64dc19d0dab8a1ab30860c9f5167383088d009528054b3854c56aac3574948',
    },
    member: 'grype',
  },
  trivy: {
    version: '0.69.3',
    url: release('aquasecurity/trivy', '0.69.3', (a) => `trivy_0.69.3_Linux-${a === 'x86_64' ? '64bit' : 'ARM64'}.tar.gz`),
    sha256: {
      x86_64: '1816b632dfe529869c740c0913e36bd1629cb7688bd5634f4a858c1d57c88b75',
      aarch64: '7e3924a974e912e57b4a99f65ece7931f8079584dae12eb7845024f97087bdfd',
    },
    member: 'trivy',
  },
} as const satisfies Record<string, PinnedTool>;

export type ScanSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface SecurityScanOptions {
  /**
   * Findings of this severity or above fail the build (SAST, dependencies, IaC, image). Secrets always fail.
   * @default 'high'
   */
  readonly failOn?: ScanSeverity;
  /** Also scan the service's pushed image (`imageDetail.json` of the build artifact). @default false */
  readonly image?: boolean;
}

/** Where the scanners are unpacked: outside the scanned tree, never on the source's PATH. */
const TOOLS = '/tmp/security-scan-tools';
const REPORTS = 'reports/security';

/** The download, checksum check and unpack of one tool, in that order (a failed check stops before tar runs). */
export function pinnedToolInstall(name: string, tool: PinnedTool): string[] {
  const archive = `${TOOLS}/${name}.tar.gz`;
  return [
    `case "$(uname -m)" in x86_64) URL="${tool.url.x86_64}"; SHA256="${tool.sha256.x86_64}";; aarch64) URL="${tool.url.aarch64}"; SHA256="${tool.sha256.aarch64}";; *) echo "security-scan: no pinned ${name} for $(uname -m)" >&2; exit 1;; esac`,
    `curl --fail --silent --show-error --location --retry 3 --output "${archive}" "$URL"`,
    `echo "$SHA256  ${archive}" | sha256sum --check --strict - || { echo "security-scan: ${name} ${tool.version} archive does not match its pinned SHA-256; not running it" >&2; exit 1; }`,
    `tar -xzf "${archive}" -C "${TOOLS}" ${tool.member}`,
  ];
}

function severitiesFrom(min: ScanSeverity): string {
  const order: ScanSeverity[] = ['low', 'medium', 'high', 'critical'];
  return order
    .slice(order.indexOf(min))
    .map((s) => s.toUpperCase())
    .join(',');
}

/**
 * The security-scan buildspec. It scans the source as a directory (CodePipeline's zip sources have no `.git`):
 * secrets (gitleaks `dir`), SAST and IaC misconfigurations (trivy `fs` with its misconfig and secret scanners
 * on the tree), a CycloneDX SBOM (syft) and the vulnerabilities of exactly that SBOM (grype), and for a
 * container service the pushed image (grype on the digest in `imageDetail.json`). Every finding at or above
 * `failOn` fails the build; every report is kept.
 */
export function securityScanBuildspec(options: SecurityScanOptions = {}): Buildspec {
  const failOn = options.failOn ?? 'high';
  const tools = Object.entries(SECURITY_SCAN_TOOLS) as [string, PinnedTool][];
  const imageScan = options.image
    ? [
        // the build's artifact is the secondary input `artifact`: scan the image it pushed, by digest
        'IMAGE_DETAIL="$CODEBUILD_SRC_DIR_artifact/imageDetail.json"',
        'test -f "$IMAGE_DETAIL" || { echo "security-scan: imageDetail.json not found in the build artifact (CODEBUILD_SRC_DIR_artifact): the build of a container service writes it (docs/deploy-targets.md)" >&2; exit 1; }',
        `IMAGE_URI="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ImageURI"])' "$IMAGE_DETAIL")"`,
        `grype "registry:$IMAGE_URI" --fail-on ${failOn} --output sarif --file ${REPORTS}/image.grype.sarif`,
      ]
    : [];
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      install: {
        commands: [
          `mkdir -p ${TOOLS} ${REPORTS}`,
          ...tools.flatMap(([name, tool]) => pinnedToolInstall(name, tool)),
          `export PATH="${TOOLS}:$PATH"`,
        ],
      },
      build: {
        commands: [
          // secrets in directory mode: a zip source has no history to scan; any leak fails, redacted in the log
          `gitleaks dir . --redact --exit-code 1 --report-format sarif --report-path ${REPORTS}/gitleaks.sarif`,
          // SAST-style misconfigurations of code and IaC (Terraform, CloudFormation, Dockerfiles, Kubernetes)
          `trivy fs --scanners misconfig --severity ${severitiesFrom(failOn)} --exit-code 1 --format sarif --output ${REPORTS}/trivy.sarif .`,
          // SBOM (CycloneDX) of the dependencies the lock files name, then SCA of exactly that SBOM
          `syft scan dir:. --output cyclonedx-json=${REPORTS}/sbom.cdx.json`,
          `grype sbom:${REPORTS}/sbom.cdx.json --fail-on ${failOn} --output sarif --file ${REPORTS}/grype.sarif`,
          ...imageScan,
        ],
      },
    },
    artifacts: { files: [`${REPORTS}/**/*`] },
  };
}
