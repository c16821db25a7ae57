import { regionalArn, s3Arn, type AccountRegion } from './arn';

/** Where a service's own resources live and how their names start. */
export interface ServiceResourceScope extends AccountRegion {
  /** Every resource name starts with it, e.g. `acme-orders-`. */
  readonly namePrefix: string;
}

type Patterns = (scope: ServiceResourceScope) => string[];

const regional =
  (service: string, ...resources: ((prefix: string) => string)[]): Patterns =>
  (scope) =>
    resources.map((resource) => regionalArn(scope, service, resource(scope.namePrefix)));

/**
 * The AWS services whose resources a service's own infrastructure may manage, and the ARNs of those resources
 * named `<namePrefix>*` (each service writes its name in its own place of the ARN). A service not listed here
 * cannot be scoped by name, so a service's infrastructure may not use it.
 */
export const SERVICE_RESOURCE_PATTERNS: Readonly<Record<string, Patterns>> = {
  s3: ({ partition, namePrefix }) => [s3Arn(partition, `${namePrefix}*`), s3Arn(partition, `${namePrefix}*`, '*')],
  sqs: regional('sqs', (p) => `${p}*`),
  sns: regional('sns', (p) => `${p}*`),
  dynamodb: regional('dynamodb', (p) => `table/${p}*`),
  lambda: regional('lambda', (p) => `function:${p}*`),
  logs: regional(
    'logs',
    (p) => `log-group:${p}*`,
    (p) => `log-group:/aws/lambda/${p}*`,
  ),
  ssm: regional('ssm', (p) => `parameter/${p}*`),
  secretsmanager: regional('secretsmanager', (p) => `secret:${p}*`),
  events: regional('events', (p) => `rule/${p}*`),
  states: regional('states', (p) => `stateMachine:${p}*`),
  ecr: regional('ecr', (p) => `repository/${p}*`),
  cloudwatch: regional('cloudwatch', (p) => `alarm:${p}*`),
};

/** The services of SERVICE_RESOURCE_PATTERNS, sorted. */
export const SCOPABLE_SERVICES: readonly string[] = Object.keys(SERVICE_RESOURCE_PATTERNS).sort();

/** The ARNs of the resources named `<namePrefix>*` of each of `services`, sorted. Throws on a service it cannot scope. */
export function serviceResourceArns(services: readonly string[], scope: ServiceResourceScope): string[] {
  return [
    ...new Set(
      services.flatMap((service) => {
        const patterns = SERVICE_RESOURCE_PATTERNS[service];
        if (patterns === undefined) {
          throw new Error(`serviceResourceArns: "${service}" cannot be scoped by name (scopable: ${SCOPABLE_SERVICES.join(', ')})`);
        }
        return patterns(scope);
      }),
    ),
  ].sort();
}
