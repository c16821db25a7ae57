import {
  ARTIFACT_DIR,
  DEPLOY_TEMPLATE_DEFAULTS as D,
  DOC,
  buildOutput,
  copyToArtifact,
  fail,
  imagePushCommands,
  requireFile,
  requireJson,
  requireText,
  testBundle,
  writeJson,
} from './deploy-commands';
import type { DeployPackaging, DeployTarget } from './deploy-buildspecs';

/** What one deploy target's build checks and copies into the artifact, given its packaging and the build outputs. */
type TargetPackaging<T extends DeployTarget> = (
  packaging: Extract<DeployPackaging, { target: T }>,
  buildOutputs: readonly string[],
) => string[];

/**
 * The deploy targets as a table: for each, the commands that check the service's templates and assemble exactly the
 * files its deploy action reads (docs/deploy-targets.md, "Per deploy target"). A new target is one entry.
 */
export const DEPLOY_TARGET_PACKAGING: { readonly [T in DeployTarget]: TargetPackaging<T> } = {
  'codedeploy-ec2': (_, outputs) => [
    requireFile(D.appSpec, 'the CodeDeploy (Server) deploy action reads it from the artifact root'),
    requireText(D.appSpec, '^version:', '"version:" (an AppSpec file starts with version: 0.0)'),
    requireText(D.appSpec, '^os:', '"os:" (linux or windows)'),
    // every hook script the appspec names must be in the bundle
    `for script in $(grep -E '^[[:space:]]*-?[[:space:]]*location:' ${D.appSpec} | awk '{print $NF}'); do test -f "$script" || { echo "build: $script, a hook named in ${D.appSpec}, not found (${DOC})" >&2; exit 1; }; ${copyToArtifact('$script')}; done`,
    copyToArtifact(D.appSpec),
    ...buildOutput(outputs),
    testBundle(),
  ],
  'codedeploy-lambda': () => [
    requireFile(D.appSpec, 'the CodeDeploy (Lambda) deploy action reads it from the artifact root'),
    requireText(D.appSpec, 'AWS::Lambda::Function', 'Lambda function resource (Type: AWS::Lambda::Function)'),
    `test -d "${D.lambdaSourceDir}" || ${fail(`${D.lambdaSourceDir}/ not found: the function code is packaged from it`)}`,
    `(cd "${D.lambdaSourceDir}" && zip -qr "$CODEBUILD_SRC_DIR/${ARTIFACT_DIR}/function.zip" . -x '*__pycache__*')`,
    copyToArtifact(D.appSpec),
    testBundle(),
  ],
  'codedeploy-ecs': (p) => [
    requireFile(p.taskDefinitionPath, 'the CodeDeployToECS action reads it (TaskDefinitionTemplatePath)'),
    requireJson(p.taskDefinitionPath),
    requireText(p.taskDefinitionPath, D.taskDefinitionImagePlaceholder, `image placeholder ${D.taskDefinitionImagePlaceholder}`),
    requireFile(p.appSpecPath, 'the CodeDeployToECS action reads it (AppSpecTemplatePath)'),
    requireText(p.appSpecPath, D.taskDefinitionPlaceholder, `TaskDefinition: ${D.taskDefinitionPlaceholder}`),
    ...imagePushCommands(),
    copyToArtifact(p.taskDefinitionPath),
    copyToArtifact(p.appSpecPath),
    testBundle(),
  ],
  ecs: (p) => [
    ...imagePushCommands(),
    `test -n "$CONTAINER_NAME" || ${fail('CONTAINER_NAME is not set: the platform sets it on the build project')}`,
    `mkdir -p "$(dirname "${ARTIFACT_DIR}/${p.imageDefinitionsFile}")"`,
    writeJson(p.imageDefinitionsFile, '[{"name": os.environ["CONTAINER_NAME"], "imageUri": os.environ["IMAGE_URI"]}]'),
    testBundle(),
  ],
  eks: (p) => {
    const manifests = p.manifestFiles.map((path) => `"${ARTIFACT_DIR}/${path}"`).join(' ');
    return [
      ...p.manifestFiles.map(
        (path) => `test -e "${path}" || ${fail(`${path} not found: the EKS deploy action applies it (ManifestFiles); add the manifests`)}`,
      ),
      ...imagePushCommands(),
      ...p.manifestFiles.map(copyToArtifact),
      // the manifests run exactly the pushed image, by digest
      `grep -rlF '${D.imagePlaceholder}' ${manifests} | xargs -r sed -i "s|${D.imagePlaceholder}|$IMAGE_URI|g"`,
      `grep -rq "$IMAGE_URI" ${manifests} || ${fail(`no manifest under ${p.manifestFiles.join(', ')} names the image ${D.imagePlaceholder}`)}`,
      testBundle(),
    ];
  },
  'elastic-beanstalk': () => [
    `test -f Procfile || grep -q '"start"' package.json 2>/dev/null || test -f requirements.txt || ${fail('neither Procfile nor a package.json start script found: Elastic Beanstalk cannot start the source bundle')}`,
    // the source bundle is the application itself, at the artifact root
    `tar -cf - --exclude=./.git --exclude=./node_modules --exclude=./${ARTIFACT_DIR} . | tar -xf - -C "${ARTIFACT_DIR}"`,
    testBundle(),
  ],
  cloudformation: (p) => [
    requireFile(p.templatePath, 'the CloudFormation deploy action reads it (TemplatePath)'),
    requireText(p.templatePath, '^Resources:', 'top-level "Resources:"'),
    requireFile(p.templateConfigurationPath, 'the CloudFormation deploy action reads it (TemplateConfiguration)'),
    requireJson(p.templateConfigurationPath),
    copyToArtifact(p.templatePath),
    copyToArtifact(p.templateConfigurationPath),
    testBundle(),
  ],
  // the artifact is exactly the site: the S3 deploy action extracts all of it into the bucket
  s3: () => [
    `test -f "${D.siteDir}/index.html" || ${fail(`${D.siteDir}/index.html not found: the build must write the site to ${D.siteDir}/`)}`,
    `cp -R "${D.siteDir}/." "${ARTIFACT_DIR}/"`,
  ],
  infrastructure: (_, outputs) => [...buildOutput(outputs), testBundle()],
};
