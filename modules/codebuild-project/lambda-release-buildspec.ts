import { DEPLOY_TEMPLATE_DEFAULTS } from './deploy-commands';
import type { Buildspec } from './buildspec';

// Shell variables are written $NAME, never ${NAME}: Terraform would read ${...} as its own interpolation.

/** The Lambda release step: the one function (and its alias) the promoted code goes to. */
export interface LambdaReleaseBuildspecOptions {
  /** The function's name (not its ARN), in the project's account and region. */
  readonly functionName: string;
  /** The alias CodeDeploy shifts traffic on. */
  readonly alias: string;
}

/** The zip of the function's code, at the root of the promoted artifact (modules/codebuild-project/deploy-targets.ts). */
export const LAMBDA_CODE_FILE = 'function.zip';

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ALIAS = /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/;

/** `{ echo "lambda release: MESSAGE" >&2; exit 1; }`. */
function fail(message: string): string {
  return `{ echo "lambda release: ${message}" >&2; exit 1; }`;
}

/**
 * The buildspec of the Lambda release step, run in the Deploy stage before the CodeDeploy (Lambda) action: the code of
 * the promoted artifact (`function.zip`) goes to the function, a version of exactly that code (`--code-sha256`) is
 * published, and the artifact's `appspec.yml` (the service's, with its hooks) is written with `CurrentVersion` = the
 * version the alias points at now and `TargetVersion` = the new one, into the output artifact CodeDeploy deploys.
 * A rerun is safe: the same code publishes no second version (Lambda returns the latest when nothing changed).
 */
export function lambdaReleaseBuildspec(options: LambdaReleaseBuildspecOptions): Buildspec {
  if (!FUNCTION_NAME.test(options.functionName))
    throw new Error(`lambda release buildspec: "${options.functionName}" is not a function name`);
  if (!ALIAS.test(options.alias)) throw new Error(`lambda release buildspec: "${options.alias}" is not an alias name`);
  const fn = `--function-name ${options.functionName}`;
  const appSpec = DEPLOY_TEMPLATE_DEFAULTS.appSpec;
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      build: {
        commands: [
          `test -f ${LAMBDA_CODE_FILE} || ${fail(`${LAMBDA_CODE_FILE} not in the promoted artifact: the build packages the function code there`)}`,
          `test -f ${appSpec} || ${fail(`${appSpec} not in the promoted artifact: the build copies the service's there`)}`,
          // the appspec must be about this function and alias: a version of it is what CodeDeploy shifts to
          `grep -Eq "^[[:space:]]*Name:[[:space:]]*['\\"]?${options.functionName}['\\"]?[[:space:]]*$" ${appSpec} || ${fail(`${appSpec} does not name the function ${options.functionName} (Name:)`)}`,
          `grep -Eq "^[[:space:]]*Alias:[[:space:]]*['\\"]?${options.alias}['\\"]?[[:space:]]*$" ${appSpec} || ${fail(`${appSpec} does not name the alias ${options.alias} (Alias:)`)}`,
          // Lambda's CodeSha256: the base64 of the zip's SHA-256; the version published must be of exactly this code
          `CODE_SHA256="$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha256(open(sys.argv[1], "rb").read()).digest()).decode())' ${LAMBDA_CODE_FILE})"`,
          `aws lambda update-function-code ${fn} --zip-file fileb://${LAMBDA_CODE_FILE} > /dev/null`,
          `aws lambda wait function-updated-v2 ${fn}`,
          `TARGET_VERSION="$(aws lambda publish-version ${fn} --code-sha256 "$CODE_SHA256" --description "$CODEBUILD_RESOLVED_SOURCE_VERSION" --query Version --output text)"`,
          `CURRENT_VERSION="$(aws lambda get-alias ${fn} --name ${options.alias} --query FunctionVersion --output text)"`,
          `case "$TARGET_VERSION" in ''|*[!0-9]*) ${fail('publish-version returned $TARGET_VERSION, not a version number')};; esac`,
          `case "$CURRENT_VERSION" in ''|*[!0-9]*) ${fail(`alias ${options.alias} points at $CURRENT_VERSION, not a published version`)};; esac`,
          'mkdir -p release',
          `sed -E -e "s/^([[:space:]]*CurrentVersion:).*/\\1 '$CURRENT_VERSION'/" -e "s/^([[:space:]]*TargetVersion:).*/\\1 '$TARGET_VERSION'/" ${appSpec} > release/${appSpec}`,
          `test "$(grep -cE "^[[:space:]]*(CurrentVersion|TargetVersion):" release/${appSpec})" = 2 || ${fail(`${appSpec} needs one CurrentVersion: and one TargetVersion: line (the function's), which this step fills in`)}`,
          `echo "${options.functionName}:${options.alias}: version $CURRENT_VERSION -> $TARGET_VERSION"`,
        ],
      },
    },
    artifacts: { files: [appSpec], 'base-directory': 'release' },
  };
}
