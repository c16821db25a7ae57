import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { ConfigError, buildRoleName, isRotated, secretName } from '../../model';
import { iamRoleArn, lambdaFunctionArn } from '../../modules/core';
import { SECRET_READ_ACTIONS, Secret } from '../../modules/secret';
import { suppress } from '../../vocabulary';
import type { EnvironmentServicesScope } from '../shared-resources';

const SERVICES_FILE = 'environments/services.ts';

/**
 * The secrets of one environment, by service and name. Builds and deployments take a secret's ARN from
 * here (buildspec `env.secrets-manager`, ECS `secrets[].valueFrom`) and never see its value.
 */
export class ServiceSecrets {
  private readonly byKey = new Map<string, Secret>();

  constructor(private readonly environment: string) {}

  /** @internal */
  add(service: string, name: string, secret: Secret): void {
    this.byKey.set(`${service}/${name}`, secret);
  }

  /** The secret `name` of `service`; throws naming what exists when there is none. */
  get(service: string, name: string): Secret {
    const secret = this.byKey.get(`${service}/${name}`);
    if (secret === undefined) {
      const known = [...this.byKey.keys()].filter((k) => k.startsWith(`${service}/`));
      throw new Error(
        `environment "${this.environment}": service "${service}" declares no secret "${name}" in ${SERVICES_FILE} (its secrets: ${known.map((k) => k.slice(service.length + 1)).join(', ') || 'none'})`,
      );
    }
    return secret;
  }

  /** ARN of the secret `name` of `service`. */
  arnOf(service: string, name: string): string {
    return this.get(service, name).arn;
  }

  /** Every secret, as `service/name`, sorted. */
  get keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /**
   * The identity-policy statements a reader role needs for the named secrets of `service`: read them,
   * and decrypt with the environment key only through Secrets Manager.
   */
  readStatements(service: string, names: readonly string[], keyArn: string, region: string): DataAwsIamPolicyDocumentStatement[] {
    if (names.length === 0) return [];
    return [
      { sid: 'ReadSecrets', effect: 'Allow', actions: [...SECRET_READ_ACTIONS], resources: names.map((n) => this.arnOf(service, n)) },
      {
        sid: 'DecryptSecrets',
        effect: 'Allow',
        actions: ['kms:Decrypt'],
        resources: [keyArn],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${region}.amazonaws.com`] }],
      },
    ];
  }
}

/**
 * One Secrets Manager secret per secret each service of the stack (`stack.services`) declares, in this environment: encrypted with the
 * environment key; readable by the service's build roles and the roles config names, and no one else;
 * rotated by the named function, or its rotation finding suppressed with the reason config gives.
 *
 * Reader role names are computed, not referenced: a build purpose `p` of service `s` reads as the role
 * `buildRoleName(prefix, environment, s, p)` (model/names.ts), which the build module
 * creates under that same name.
 */
export function composeSecrets(stack: EnvironmentServicesScope): ServiceSecrets {
  const { environment, config, partition } = stack;
  const { prefix } = config.organisation;
  const { id: accountId, region } = environment.account;
  const roleArn = (name: string) => iamRoleArn(partition, accountId, name);
  const secrets = new ServiceSecrets(environment.name);
  // Only the build roles this environment has: later environments never rebuild, so a secret a unit-test
  // build reads in dev is not granted to a role that does not exist there (IAM refuses such a principal).
  for (const service of stack.services) {
    const purposesHere = new Set<string>(stack.model.service(service.name).buildPurposesIn(environment.name));
    service.secrets.forEach((declared, index) => {
      const where = `${SERVICES_FILE} (service "${service.name}", environment "${environment.name}"): secrets[${index}]`;
      const readers = [
        ...declared.readers.builds
          .filter((purpose) => purposesHere.has(purpose))
          .map((purpose) => {
            try {
              return roleArn(buildRoleName(prefix, environment.name, service.name, purpose));
            } catch (error) {
              throw new ConfigError(`${where}.readers.builds: build purpose "${purpose}": ${(error as Error).message}`);
            }
          }),
        ...declared.readers.roles.map(roleArn),
      ];
      // read only by builds this environment does not run (unit tests, say): no secret here at all
      if (readers.length === 0) return;
      const rotation = declared.rotation;
      const secret = new Secret(stack, `secret-${service.name}-${declared.name}`, {
        secretName: secretName(prefix, environment.name, service.name, declared.name),
        description: declared.purpose,
        kmsKeyArn: stack.shared.keyArn,
        accountId,
        partition,
        readerRoleArns: readers,
        rotation: isRotated(rotation)
          ? {
              lambdaArn: lambdaFunctionArn({ partition, region, accountId }, rotation.functionName),
              executionRoleArn: roleArn(rotation.executionRole),
              days: rotation.days,
            }
          : undefined,
        recoveryWindowInDays: environment.protectStatefulResources ? 30 : 7,
        preventDestroy: environment.protectStatefulResources,
      });
      if (!isRotated(rotation)) {
        suppress(secret.secret, 'PLAT-SM-002', `rotation exempt (${SERVICES_FILE}, ${service.name}/${declared.name}): ${rotation.exempt}`);
      }
      secrets.add(service.name, declared.name, secret);
    });
  }
  return secrets;
}
