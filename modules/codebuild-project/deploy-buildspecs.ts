/**
 * What the build of a service emits for its deploy action: exactly the files the action reads, at the paths
 * its configuration names, from templates the service repository owns (docs/deploy-targets.md). Every check
 * fails the build with a message naming the file, so a wrong or missing file never reaches the deploy.
 *
 * The artifact is assembled in `ARTIFACT_DIR` (the buildspec's `artifacts.base-directory`), so it holds these
 * files and nothing the build merely left behind.
 */

/** The deploy action the artifact feeds, with the paths its configuration names. */
export type DeployPackaging =
  | { readonly target: 'codedeploy-ec2' }
  | { readonly target: 'codedeploy-lambda' }
  | { readonly target: 'codedeploy-ecs'; readonly taskDefinitionPath: string; readonly appSpecPath: string }
  | { readonly target: 'ecs'; readonly imageDefinitionsFile: string }
  | { readonly target: 'eks'; readonly manifestFiles: readonly string[] }
  | { readonly target: 'elastic-beanstalk' }
  | { readonly target: 'cloudformation'; readonly templatePath: string; readonly templateConfigurationPath: string }
  | { readonly target: 's3' }
  | { readonly target: 'infrastructure' };

export type DeployTarget = DeployPackaging['target'];

/** Deploy targets that run the service's container image: the build pushes it to ECR. */
export const CONTAINER_TARGETS: readonly DeployTarget[] = ['codedeploy-ecs', 'ecs', 'eks'];

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

const DOC = 'docs/deploy-targets.md';

/** `test -f FILE || fail`, naming the file, the action that reads it and the fix. */
function requireFile(file: string, why: string): string {
  return `test -f "${file}" || { echo "build: ${file} not found in the repository: ${why}; add it (${DOC})" >&2; exit 1; }`;
}

/** `grep -q PATTERN FILE || fail`, naming the file and what it lacks. */
function requireText(file: string, pattern: string, what: string): string {
  return `grep -Eq '${pattern}' "${file}" || { echo "build: ${file} has no ${what} (${DOC})" >&2; exit 1; }`;
}

/** `python3 -m json.tool FILE || fail`: the file parses as JSON. */
function requireJson(file: string): string {
  return `python3 -m json.tool "${file}" > /dev/null || { echo "build: ${file} is not valid JSON" >&2; exit 1; }`;
}

/** Copy FILE from the source to the same path in the artifact. */
function copyToArtifact(file: string): string {
  return `mkdir -p "$(dirname "${ARTIFACT_DIR}/${file}")" && cp -R "${file}" "${ARTIFACT_DIR}/${file}"`;
}

/** Write a JSON file from a Python literal evaluated with the environment (json.dump: a real serializer). */
function writeJson(file: string, pythonExpression: string): string {
  return `python3 -c 'import json, os, sys; json.dump(${pythonExpression}, open(sys.argv[1], "w"), indent=2)' "${ARTIFACT_DIR}/${file}"`;
}

/**
 * Build, push and record the container image: `<repository>:<commit>` in ECR, its digest as `IMAGE_DIGEST`,
 * `IMAGE_URI` (`<repository>@<digest>`, what every environment deploys) and `imageDetail.json`.
 */
export function imagePushCommands(): string[] {
  const fail = (message: string) => `{ echo "build: ${message} (${DOC})" >&2; exit 1; }`;
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
function buildOutput(outputs: readonly string[]): string[] {
  return outputs.map((path) => `for f in ${path}; do if [ -e "$f" ]; then ${copyToArtifact('$f')}; fi; done`);
}

/** The sources the validate and integration tests of later environments run from. */
function testBundle(): string {
  const exclude = ['.git', 'node_modules', 'target', 'dist', '.venv', ARTIFACT_DIR, 'reports'].map((p) => `--exclude=./${p}`).join(' ');
  return `mkdir -p "${ARTIFACT_DIR}/${TEST_BUNDLE_DIR}" && tar -cf - ${exclude} . | tar -xf - -C "${ARTIFACT_DIR}/${TEST_BUNDLE_DIR}"`;
}

/**
 * The commands that check the service's deploy templates and assemble the artifact for `packaging`.
 * `buildOutputs` are the ecosystem's build outputs (globs relative to the source root).
 */
export function deployPackagingCommands(packaging: DeployPackaging, buildOutputs: readonly string[]): string[] {
  const d = DEPLOY_TEMPLATE_DEFAULTS;
  const start = [`rm -rf "${ARTIFACT_DIR}" && mkdir -p "${ARTIFACT_DIR}"`];
  switch (packaging.target) {
    case 'codedeploy-ec2':
      return [
        ...start,
        requireFile(d.appSpec, 'the CodeDeploy (Server) deploy action reads it from the artifact root'),
        requireText(d.appSpec, '^version:', '"version:" (an AppSpec file starts with version: 0.0)'),
        requireText(d.appSpec, '^os:', '"os:" (linux or windows)'),
        // every hook script the appspec names must be in the bundle
        `for script in $(grep -E '^[[:space:]]*-?[[:space:]]*location:' ${d.appSpec} | awk '{print $NF}'); do test -f "$script" || { echo "build: $script, a hook named in ${d.appSpec}, not found (${DOC})" >&2; exit 1; }; ${copyToArtifact('$script')}; done`,
        copyToArtifact(d.appSpec),
        ...buildOutput(buildOutputs),
        testBundle(),
      ];
    case 'codedeploy-lambda':
      return [
        ...start,
        requireFile(d.appSpec, 'the CodeDeploy (Lambda) deploy action reads it from the artifact root'),
        requireText(d.appSpec, 'AWS::Lambda::Function', 'Lambda function resource (Type: AWS::Lambda::Function)'),
        `test -d "${d.lambdaSourceDir}" || { echo "build: ${d.lambdaSourceDir}/ not found: the function code is packaged from it (${DOC})" >&2; exit 1; }`,
        `(cd "${d.lambdaSourceDir}" && zip -qr "$CODEBUILD_SRC_DIR/${ARTIFACT_DIR}/function.zip" . -x '*__pycache__*')`,
        copyToArtifact(d.appSpec),
        testBundle(),
      ];
    case 'codedeploy-ecs':
      return [
        ...start,
        requireFile(packaging.taskDefinitionPath, 'the CodeDeployToECS action reads it (TaskDefinitionTemplatePath)'),
        requireJson(packaging.taskDefinitionPath),
        requireText(
          packaging.taskDefinitionPath,
          d.taskDefinitionImagePlaceholder,
          `image placeholder ${d.taskDefinitionImagePlaceholder}`,
        ),
        requireFile(packaging.appSpecPath, 'the CodeDeployToECS action reads it (AppSpecTemplatePath)'),
        requireText(packaging.appSpecPath, d.taskDefinitionPlaceholder, `TaskDefinition: ${d.taskDefinitionPlaceholder}`),
        ...imagePushCommands(),
        copyToArtifact(packaging.taskDefinitionPath),
        copyToArtifact(packaging.appSpecPath),
        testBundle(),
      ];
    case 'ecs':
      return [
        ...start,
        ...imagePushCommands(),
        `test -n "$CONTAINER_NAME" || { echo "build: CONTAINER_NAME is not set: the platform sets it on the build project (${DOC})" >&2; exit 1; }`,
        `mkdir -p "$(dirname "${ARTIFACT_DIR}/${packaging.imageDefinitionsFile}")"`,
        writeJson(packaging.imageDefinitionsFile, '[{"name": os.environ["CONTAINER_NAME"], "imageUri": os.environ["IMAGE_URI"]}]'),
        testBundle(),
      ];
    case 'eks':
      return [
        ...start,
        ...packaging.manifestFiles.map(
          (path) =>
            `test -e "${path}" || { echo "build: ${path} not found: the EKS deploy action applies it (ManifestFiles); add the manifests (${DOC})" >&2; exit 1; }`,
        ),
        ...imagePushCommands(),
        ...packaging.manifestFiles.map(copyToArtifact),
        // the manifests run exactly the pushed image, by digest
        `grep -rlF '${d.imagePlaceholder}' ${packaging.manifestFiles.map((p) => `"${ARTIFACT_DIR}/${p}"`).join(' ')} | xargs -r sed -i "s|${d.imagePlaceholder}|$IMAGE_URI|g"`,
        `grep -rq "$IMAGE_URI" ${packaging.manifestFiles.map((p) => `"${ARTIFACT_DIR}/${p}"`).join(' ')} || { echo "build: no manifest under ${packaging.manifestFiles.join(', ')} names the image ${d.imagePlaceholder} (${DOC})" >&2; exit 1; }`,
        testBundle(),
      ];
    case 'elastic-beanstalk':
      return [
        ...start,
        `test -f Procfile || grep -q '"start"' package.json 2>/dev/null || test -f requirements.txt || { echo "build: neither Procfile nor a package.json start script found: Elastic Beanstalk cannot start the source bundle (${DOC})" >&2; exit 1; }`,
        // the source bundle is the application itself, at the artifact root
        `tar -cf - --exclude=./.git --exclude=./node_modules --exclude=./${ARTIFACT_DIR} . | tar -xf - -C "${ARTIFACT_DIR}"`,
        testBundle(),
      ];
    case 'cloudformation':
      return [
        ...start,
        requireFile(packaging.templatePath, 'the CloudFormation deploy action reads it (TemplatePath)'),
        requireText(packaging.templatePath, '^Resources:', 'top-level "Resources:"'),
        requireFile(packaging.templateConfigurationPath, 'the CloudFormation deploy action reads it (TemplateConfiguration)'),
        requireJson(packaging.templateConfigurationPath),
        copyToArtifact(packaging.templatePath),
        copyToArtifact(packaging.templateConfigurationPath),
        testBundle(),
      ];
    case 's3':
      // the artifact is exactly the site: the S3 deploy action extracts all of it into the bucket
      return [
        ...start,
        `test -f "${d.siteDir}/index.html" || { echo "build: ${d.siteDir}/index.html not found: the build must write the site to ${d.siteDir}/ (${DOC})" >&2; exit 1; }`,
        `cp -R "${d.siteDir}/." "${ARTIFACT_DIR}/"`,
      ];
    case 'infrastructure':
      return [...start, ...buildOutput(buildOutputs), testBundle()];
  }
}
