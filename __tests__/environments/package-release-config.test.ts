import packages from '../fixtures/packages';
import { scenarioConfig, scenarioErrorOf, type RawConfig } from '../support/config';

// The packages scenario (__tests__/fixtures/packages): a CodeArtifact reader per ecosystem, two of them publishing.
const packagesConfig = (mutate?: (raw: RawConfig) => void) => scenarioConfig(packages, mutate);
const configErrorOf = (mutate: (raw: RawConfig) => void) => scenarioErrorOf(packages, mutate);

describe('packages.publish and the release role trust (config)', () => {
  test('defaults: no service publishes, the release environment is "release", open to v* tags', () => {
    const config = packagesConfig((raw) => {
      for (const s of raw.services) delete s.packages;
      delete raw.organisation.codeArtifact;
    });
    expect(config.services.every((s) => s.packages.publish === false)).toBe(true);
    expect(config.organisation.codeArtifact.releaseRole).toEqual({
      roleName: 'package-release',
      githubEnvironment: 'release',
      tagPatterns: ['v*'],
    });
  });

  test('the fixture publishes from cart (npm) and relay (pypi)', () => {
    const publishers = packagesConfig()
      .services.filter((s) => s.packages.publish)
      .map((s) => [s.name, s.build.ecosystem]);
    expect(publishers).toEqual([
      ['cart', 'npm'],
      ['relay', 'pypi'],
    ]);
  });

  test('a publisher whose ecosystem has no internal repository is refused, naming service, field and the ecosystems', () => {
    const error = configErrorOf((raw) => {
      raw.organisation.codeArtifact = { ecosystems: ['npm', 'maven'] };
      // relay reads no CodeArtifact here, so only its publishing needs the pypi repository
      raw.services.find((s) => s.name === 'relay')!.build.codeArtifact = false;
    });
    expect(error.message).toBe(
      'environments/services.ts (service "relay"): packages.publish: publishes pypi packages, but environments/organisation.ts codeArtifact.ecosystems has no pypi repository (has: npm, maven); add "pypi" there or set packages.publish to false',
    );
  });

  test('a publisher not on GitHub is refused: release jobs log in with GitHub OIDC', () => {
    const error = configErrorOf((raw) => {
      raw.services.find((s) => s.name === 'reports')!.packages = { publish: true };
    });
    expect(error.message).toContain('environments/services.ts (service "reports"): packages.publish: release jobs assume the release role');
    expect(error.message).toContain("the service's source is codecommit; only GitHub-hosted services may publish");
  });

  test.each([
    [
      'an unknown field under packages',
      (raw: any) => (raw.services[0].packages = { publish: true, tags: ['v*'] }),
      /environments\/services\.ts \(service "cart"\).*packages/,
    ],
    [
      'a non-boolean publish',
      (raw: any) => (raw.services[0].packages = { publish: 'yes' }),
      /environments\/services\.ts \(service "cart"\): packages\.publish/,
    ],
    [
      'a release environment name with a space',
      (raw: any) => (raw.organisation.codeArtifact = { releaseRole: { githubEnvironment: 'my release' } }),
      /environments\/organisation\.ts: codeArtifact\.releaseRole\.githubEnvironment: must be a GitHub environment name/,
    ],
    [
      'no tag pattern',
      (raw: any) => (raw.organisation.codeArtifact = { releaseRole: { tagPatterns: [] } }),
      /environments\/organisation\.ts: codeArtifact\.releaseRole\.tagPatterns/,
    ],
    [
      'a tag pattern twice',
      (raw: any) => (raw.organisation.codeArtifact = { releaseRole: { tagPatterns: ['v*', 'v*'] } }),
      /codeArtifact\.releaseRole\.tagPatterns: must name each pattern once/,
    ],
  ])('refuses %s', (_name, mutate, message) => {
    expect(configErrorOf(mutate).message).toMatch(message);
  });
});
