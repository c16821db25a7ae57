import { z } from 'zod';
import { EnvironmentName } from './common';
import { SecretName } from './secrets';

/** Package ecosystems the platform builds (and CodeArtifact serves). */
export const ECOSYSTEMS = ['npm', 'pypi', 'maven'] as const;
export const Ecosystem = z.enum(ECOSYSTEMS);

/** A shell environment variable name. */
export const EnvVarName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, {
  error: 'must be an environment variable name: upper-case letters, digits and _, not starting with a digit',
});

/** Shell commands; `${...}` and `%{` are Terraform templates in the synthesized buildspec, so `$NAME` it is. */
const Commands = z
  .array(
    z
      .string()
      .min(1)
      .max(2000)
      .refine((c) => !/\$\{|%\{/.test(c), { error: 'must not contain "${" or "%{" (Terraform templates); write shell variables as $NAME' }),
  )
  .min(1);

/** Network placement of a service's builds in one environment's account. */
export const BuildVpcSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as "vpc-0123abcd"' }),
  subnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id such as "subnet-0123abcd"' }))
    .min(1)
    .max(16),
  securityGroupIds: z
    .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, { error: 'must be a security group id such as "sg-0123abcd"' }))
    .min(1)
    .max(5),
});

/** Coverage report formats CodeBuild reads. */
export const CoverageFormat = z.enum(['COBERTURAXML', 'JACOCOXML', 'CLOVERXML', 'SIMPLECOV', 'LCOV']);

/** How one service is built, tested and scanned by CodeBuild. */
export const ServiceBuildSchema = z.strictObject({
  /** Package ecosystem: picks default commands, cache paths and the CodeArtifact repository. @default 'npm' */
  ecosystem: Ecosystem.default('npm'),
  /**
   * Builds a container image with Docker. Turns on CodeBuild privileged mode for the build project only
   * (a recorded policy suppression); leave off unless the service ships an image.
   * @default false
   */
  docker: z.boolean().default(false),
  /** Dependency cache: `s3` (shared across hosts), `local` (per host, fastest), `none`. @default 's3' */
  cache: z.enum(['s3', 'local', 'none']).default('s3'),
  /** Read dependencies through the organisation's CodeArtifact repository for the ecosystem. @default true */
  codeArtifact: z.boolean().default(true),
  /** Split the named test purposes into `shards` parallel builds of one batch. @default no batch */
  batch: z
    .strictObject({
      /** Builds that run in parallel (2-20). */
      shards: z.number().int().min(2).max(20),
      /** Which projects run as a batch. @default ['unit-test'] */
      purposes: z
        .array(z.enum(['unit-test', 'integration-test']))
        .min(1)
        .default(['unit-test']),
    })
    .optional(),
  /**
   * Secrets the builds read, as environment variable -> the name of one of the service's declared `secrets`
   * (never a value). A project gets a variable only when its purpose is among that secret's `readers.builds`.
   * @default {}
   */
  secrets: z.record(EnvVarName, SecretName).default({}),
  /** Test reports CodeBuild collects into report groups. */
  reports: z
    .strictObject({
      /** JUnit XML files, relative to the source root. @default ['reports/junit/**\/*.xml'] */
      junit: z.array(z.string().min(1)).min(1).default(['reports/junit/**/*.xml']),
      /** Coverage report file. @default 'reports/coverage/cobertura-coverage.xml' */
      coverage: z.string().min(1).default('reports/coverage/cobertura-coverage.xml'),
      /** Coverage format. @default 'COBERTURAXML' */
      coverageFormat: CoverageFormat.default('COBERTURAXML'),
      /** Copy raw report files to the artifact store (encrypted) or keep them in CodeBuild only. @default 's3' */
      export: z.enum(['s3', 'none']).default('s3'),
    })
    .prefault({}),
  /** Commands that replace the ecosystem's defaults, per step. @default the ecosystem's commands */
  commands: z
    .strictObject({
      install: Commands.optional(),
      build: Commands.optional(),
      unitTest: Commands.optional(),
      integrationTest: Commands.optional(),
      validate: Commands.optional(),
    })
    .prefault({}),
  /** VPC placement per environment name (accounts differ, so do VPCs). @default no VPC */
  vpc: z.record(EnvironmentName, BuildVpcSchema).default({}),
});

export type ServiceBuildInput = z.input<typeof ServiceBuildSchema>;
export type ServiceBuildConfig = z.output<typeof ServiceBuildSchema>;
