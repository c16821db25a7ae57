import { formatArn, iamRoleArn, s3Arn } from './arn';
import { actionMatches, BOUNDARY_ALLOWED_ACTIONS, BOUNDARY_DENIED_IAM_WRITES, UNSCOPED_BOUNDARY_ACTIONS } from './boundary-catalogue';
import type { CodeArtifactLocation } from './build-naming';
import { SERVICE_RESOURCE_PATTERNS } from './service-resources';

/**
 * The permissions boundary's policy document, as plain data: built here once, rendered by the construct
 * (modules/permissions-boundary) and read by the config checks (model/boundary-checks.ts), which ask it whether a
 * service's declared actions are allowed on the service's own resources before anything is synthesized.
 */

/** IAM's limit on a managed policy document, whitespace excluded. A boundary is one managed policy: it must fit. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

/** Where the boundary is: what its names are computed from. */
export interface BoundaryScope {
  readonly partition: string;
  /** The account the boundary is created in (and its roles live in). */
  readonly accountId: string;
  /** The organisation prefix every physical name starts with (`<prefix>-...`). */
  readonly prefix: string;
  /** The CodeArtifact domain (the management account's): its repositories and packages are the only ones. */
  readonly codeArtifact: CodeArtifactLocation;
}

type Patterns = (scope: BoundaryScope) => string[];

const serviceOf = (action: string) => action.split(':')[0];

/** `arn:<partition>:<service>:*:<account>:<resource>`: the boundary's account, in any region. */
const inAccount =
  (service: string, ...resources: ((prefix: string) => string)[]): Patterns =>
  ({ partition, accountId, prefix }) =>
    resources.map((resource) => formatArn({ partition, service, region: '*', account: accountId, resource: resource(prefix) }));

/**
 * The resources the boundary names, per service: the platform's names (model/names.ts: `<prefix>-*` where each
 * service writes a name), in the boundary's account, in any region. A service's own infrastructure
 * (`<prefix>-<service>-*`, modules/core/service-resources.ts) lies within them: services that the catalogue does
 * not name take their patterns from there. (`*` in an ARN spans `/` and `:`; IAM allows no wildcard in the service.)
 */
const NAMES: Readonly<Record<string, Patterns>> = {
  // buckets and their objects (no account in an S3 ARN); Elastic Beanstalk's own bucket of the account
  s3: ({ partition: p, accountId: a, prefix }) => [s3Arn(p, `${prefix}-*`), s3Arn(p, `elasticbeanstalk-*-${a}*`)],
  // the platform's secrets are `<prefix>/<env>/<service>/<name>` (model/names.ts secretName); a service's own, `<prefix>-<service>-*`
  secretsmanager: inAccount(
    'secretsmanager',
    (p) => `secret:${p}/*`,
    (p) => `secret:${p}-*`,
  ),
  // the platform's log groups are `/<prefix>/...` (model/names.ts logGroupRoot); a service's own, `<prefix>-<service>-*` and its functions'
  logs: inAccount(
    'logs',
    (p) => `log-group:/${p}/*`,
    (p) => `log-group:${p}-*`,
    (p) => `log-group:/aws/lambda/${p}-*`,
  ),
  // projects, report groups, reports and builds: `<type>/<prefix>-*`
  codebuild: inAccount('codebuild', (p) => `*/${p}-*`),
  codepipeline: inAccount('codepipeline', (p) => `${p}-*`),
  // applications, deployment groups (`<application>/<group>`) and configs; and CodeDeploy's predefined configs
  codedeploy: inAccount(
    'codedeploy',
    (p) => `*:${p}-*`,
    () => 'deploymentconfig:CodeDeployDefault.*',
  ),
  sns: inAccount('sns', (p) => `${p}-*`),
  cloudwatch: inAccount('cloudwatch', (p) => `alarm:${p}-*`),
  dynamodb: inAccount('dynamodb', (p) => `table/${p}-*`),
  ecr: inAccount('ecr', (p) => `repository/${p}-*`),
  cloudformation: inAccount('cloudformation', (p) => `stack/${p}-*`),
  // the domain (configured, in the management account), its repositories and their packages
  codeartifact: ({ partition, codeArtifact: at }) =>
    [`*/${at.domain}`, `*/${at.domain}/*`].map((resource) =>
      formatArn({ partition, service: 'codeartifact', region: at.region, account: at.accountId, resource }),
    ),
};

/** The patterns the boundary names `service`'s resources by, or undefined when it cannot name them. */
function namesOf(service: string, scope: BoundaryScope): readonly string[] | undefined {
  if (NAMES[service] !== undefined) return NAMES[service](scope);
  const own = SERVICE_RESOURCE_PATTERNS[service];
  return own === undefined ? undefined : own({ ...scope, region: '*', namePrefix: `${scope.prefix}-` });
}

/** Whether the ARN pattern `pattern` matches every ARN `candidate` (itself a pattern) matches: `*` and `?` are wildcards. */
export function arnPatternCovers(pattern: string, candidate: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '[^*]' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(candidate);
}

/** One statement of the document, in the shape of the provider's IAM policy document data source. */
export interface BoundaryStatement {
  readonly sid: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

export interface BoundaryDocumentProps {
  readonly scope: BoundaryScope;
  /** Actions allowed besides the catalogue (config: `organisation.permissionsBoundary.additionalActions`). */
  readonly additionalActions: readonly string[];
  /** Denied on every resource besides the IAM writes (BOUNDARY_DENIED_IAM_WRITES), whatever a role's policy says. */
  readonly deniedActions: readonly string[];
}

/** The boundary document: its statements, and which allowed actions stay on `*` (with why) and which are named. */
export interface BoundaryDocument {
  readonly statements: readonly BoundaryStatement[];
  /** Every action the boundary allows (PassRole included), sorted. */
  readonly allowedActions: readonly string[];
  /** The actions allowed on `*`, each with its reason (UNSCOPED_REASONS key, or `additionalActions` from config). */
  readonly unscoped: Readonly<Record<string, string>>;
}

/**
 * The statements of the boundary: the actions AWS or the platform's names cannot scope on `*` (each listed in
 * UNSCOPED_BOUNDARY_ACTIONS, or added by config for a service the boundary names nothing of), every other action on
 * the platform's names (one statement: each ARN pattern names its service, so an action can only match its own
 * service's patterns; `iam:PassRole` is there too, on the platform's roles only), and the denies (every IAM write,
 * so no role of the platform creates, re-bounds or un-bounds a role). Throws on a catalogue action the boundary can neither name nor
 * finds in UNSCOPED_BOUNDARY_ACTIONS.
 */
export function boundaryDocument(props: BoundaryDocumentProps): BoundaryDocument {
  const { scope } = props;
  // config's actions land on "*": PassRole there would let a bounded role pass any role of the account
  if (props.additionalActions.some((a) => a.toLowerCase() === 'iam:passrole'))
    throw new Error('boundaryDocument: iam:PassRole is allowed on the platform\'s roles only, never as an additional action on "*"');
  const catalogue = new Set(BOUNDARY_ALLOWED_ACTIONS);
  const actions = [...new Set([...BOUNDARY_ALLOWED_ACTIONS, ...props.additionalActions])].sort();
  const unscoped: Record<string, string> = {};
  const named: string[] = [];
  const resources = new Set<string>();
  for (const action of actions) {
    const service = serviceOf(action);
    if (UNSCOPED_BOUNDARY_ACTIONS[action] !== undefined) unscoped[action] = UNSCOPED_BOUNDARY_ACTIONS[action];
    else if (namesOf(service, scope) !== undefined) {
      named.push(action);
      namesOf(service, scope)!.forEach((p) => resources.add(p));
    } else if (!catalogue.has(action)) unscoped[action] = 'additionalActions';
    else
      throw new Error(
        `boundaryDocument: ${action} has no resources to name and no reason to stay on "*": add it to UNSCOPED_BOUNDARY_ACTIONS`,
      );
  }
  // iam:PassRole joins the named statement, on the platform's roles: one statement fewer (IAM counts the characters).
  // That adds no power while PassRole is its one IAM action and the role pattern its one IAM resource (NAMES and
  // SERVICE_RESOURCE_PATTERNS name no IAM resource: config's IAM actions stay on "*")
  if (named.some((a) => serviceOf(a) === 'iam') || [...resources].some((r) => r.split(':')[2] === 'iam'))
    throw new Error('boundaryDocument: an IAM action or resource among the named ones would share the PassRole pattern');
  named.push('iam:PassRole');
  resources.add(iamRoleArn(scope.partition, scope.accountId, `${scope.prefix}-*`));
  const statements: BoundaryStatement[] = [
    { sid: 'OnAll', effect: 'Allow', actions: Object.keys(unscoped).sort(), resources: ['*'] },
    { sid: 'Named', effect: 'Allow', actions: named.sort(), resources: [...resources].sort() },
    // users, keys, policy rewrites, boundary removal, other boundaries (BOUNDARY_DENIED_IAM_WRITES), and what the caller adds
    {
      sid: 'Deny',
      effect: 'Deny',
      actions: [...new Set([...BOUNDARY_DENIED_IAM_WRITES, ...props.deniedActions])].sort(),
      resources: ['*'],
    },
  ];
  return {
    statements: statements.filter((s) => s.actions.length > 0),
    allowedActions: [...actions, 'iam:PassRole'].sort(),
    unscoped,
  };
}

/** The document as IAM stores it (`Version`, `Statement`), without whitespace: what the 6,144 characters count. */
export function policyJson(statements: readonly BoundaryStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect,
      Action: s.actions,
      Resource: s.resources,
      ...(s.condition === undefined ? {} : { Condition: Object.fromEntries(s.condition.map((c) => [c.test, { [c.variable]: c.values }])) }),
    })),
  });
}

/**
 * Whether `statements` allow `action` on every resource `resource` (an ARN or an ARN pattern) names: an Allow without
 * a condition covers it, and no Deny may touch it (a conditional Deny counts: this answers "surely allowed").
 */
export function boundaryAllows(statements: readonly BoundaryStatement[], action: string, resource: string): boolean {
  const hasAction = (s: BoundaryStatement) => s.actions.some((a) => actionMatches(a, action));
  const denied = statements.some(
    (s) => s.effect === 'Deny' && hasAction(s) && s.resources.some((r) => arnPatternCovers(r, resource) || arnPatternCovers(resource, r)),
  );
  if (denied) return false;
  return statements.some(
    (s) => s.effect === 'Allow' && s.condition === undefined && hasAction(s) && s.resources.some((r) => arnPatternCovers(r, resource)),
  );
}
