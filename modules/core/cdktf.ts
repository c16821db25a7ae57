/**
 * The one place this repository imports the CDKTF runtime from.
 *
 * Upstream CDKTF was archived in December 2025; its community fork (CDK Terrain, `cdktn`) is a
 * rename. Everything else imports these names from here, so a switch touches this file and the
 * test helpers, not the designs.
 */
export {
  App,
  Annotations,
  Aspects,
  Fn,
  LocalBackend,
  S3Backend,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
} from 'cdktf';
export type { IAspect, S3BackendConfig } from 'cdktf';
export { Construct } from 'constructs';
export type { IConstruct } from 'constructs';
