/**
 * The shell commands the deploy packaging is made of (deploy-buildspecs.ts, deploy-targets.ts): each check fails
 * the build with a message naming the file and docs/deploy-targets.md, so a wrong or missing file never reaches
 * the deploy. Files are assembled in `ARTIFACT_DIR` (the buildspec's `artifacts.base-directory`).
 */

/** The artifact's root while the build assembles it (relative to CODEBUILD_SRC_DIR). */
export const ARTIFACT_DIR = '.artifact';

/** Where the sources validate and integration tests of later environments run from, inside the artifact. */
export const TEST_BUNDLE_DIR = 'test-bundle';

/** Documented defaults of the service repository's templates. */
export const DEPLOY_TEMPLATE_DEFAULTS = {
  appSpec: 'appspec.yml',
  hookScriptsDir: 'scripts',
  lambdaSourceDir: 'src',
  siteDir: 'dist/site',
  templateConfigurationPath: 'template-configuration.json',
  imagePlaceholder: '<IMAGE>',
  taskDefinitionImagePlaceholder: '<IMAGE1_NAME>',
  taskDefinitionPlaceholder: '<TASK_DEFINITION>',
} as const;

export const DOC = 'docs/deploy-targets.md';

/** `{ echo "build: MESSAGE (docs)" >&2; exit 1; }`: the build stops, saying why. */
export function fail(message: string): string {
  return `{ echo "build: ${message} (${DOC})" >&2; exit 1; }`;
}

/** `test -f FILE || fail`, naming the file, the action that reads it and the fix. */
export function requireFile(file: string, why: string): string {
  return `test -f "${file}" || { echo "build: ${file} not found in the repository: ${why}; add it (${DOC})" >&2; exit 1; }`;
}

/** `grep -q PATTERN FILE || fail`, naming the file and what it lacks. */
export function requireText(file: string, pattern: string, what: string): string {
  return `grep -Eq '${pattern}' "${file}" || { echo "build: ${file} has no ${what} (${DOC})" >&2; exit 1; }`;
}

/** `python3 -m json.tool FILE || fail`: the file parses as JSON. */
export function requireJson(file: string): string {
  return `python3 -m json.tool "${file}" > /dev/null || { echo "build: ${file} is not valid JSON" >&2; exit 1; }`;
}

/** Copy FILE from the source to the same path in the artifact. */
export function copyToArtifact(file: string): string {
  return `mkdir -p "$(dirname "${ARTIFACT_DIR}/${file}")" && cp -R "${file}" "${ARTIFACT_DIR}/${file}"`;
}

/** Write a JSON file from a Python literal evaluated with the environment (json.dump: a real serializer). */
export function writeJson(file: string, pythonExpression: string): string {
  return `python3 -c 'import json, os, sys; json.dump(${pythonExpression}, open(sys.argv[1], "w"), indent=2)' "${ARTIFACT_DIR}/${file}"`;
}

/**
 * Build, push and record the container image: `<repository>:<commit>` in ECR, its digest as `IMAGE_DIGEST`,
 * `IMAGE_URI` (`<repository>@<digest>`, what every environment deploys) and `imageDetail.json`.
 */
export function imagePushCommands(): string[] {
  return [
    `test -n "$IMAGE_REPOSITORY_URI" || ${fail('IMAGE_REPOSITORY_URI is not set: the platform sets it on the build project of a container service')}`,
    `test -f Dockerfile || ${fail('Dockerfile not found in the repository root: a container service builds its image from it')}`,
    'export IMAGE_TAG="$CODEBUILD_RESOLVED_SOURCE_VERSION"',
    'ECR_REGISTRY="$(echo "$IMAGE_REPOSITORY_URI" | cut -d/ -f1)"',
    'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$ECR_REGISTRY"',
    'docker build --tag "$IMAGE_REPOSITORY_URI:$IMAGE_TAG" .',
    'docker push "$IMAGE_REPOSITORY_URI:$IMAGE_TAG"',
    `export IMAGE_DIGEST="$(docker inspect --format '{{index .RepoDigests 0}}' "$IMAGE_REPOSITORY_URI:$IMAGE_TAG" | cut -d@ -f2)"`,
    `case "$IMAGE_DIGEST" in sha256:*) ;; *) ${fail('no registry digest for $IMAGE_REPOSITORY_URI:$IMAGE_TAG: the image was not pushed, so imageDetail.json cannot name it')};; esac`,
    'export IMAGE_URI="$IMAGE_REPOSITORY_URI@$IMAGE_DIGEST"',
    writeJson('imageDetail.json', '{"ImageURI": os.environ["IMAGE_URI"]}'),
  ];
}

/** Copy the ecosystem's build output (`dist/`, `target/*.jar`) into the artifact when the build made it. */
export function buildOutput(outputs: readonly string[]): string[] {
  return outputs.map((path) => `for f in ${path}; do if [ -e "$f" ]; then ${copyToArtifact('$f')}; fi; done`);
}

/** The sources the validate and integration tests of later environments run from. */
export function testBundle(): string {
  const exclude = ['.git', 'node_modules', 'target', 'dist', '.venv', ARTIFACT_DIR, 'reports'].map((p) => `--exclude=./${p}`).join(' ');
  return `mkdir -p "${ARTIFACT_DIR}/${TEST_BUNDLE_DIR}" && tar -cf - ${exclude} . | tar -xf - -C "${ARTIFACT_DIR}/${TEST_BUNDLE_DIR}"`;
}
