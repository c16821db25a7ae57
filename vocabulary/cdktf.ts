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
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from 'cdktf';
export type { IAspect, S3BackendConfig } from 'cdktf';
export { Construct } from 'constructs';
export type { IConstruct } from 'constructs';

/**
 * cdktf records a full, unlimited stack trace for every token it creates (tens of thousands per synth), only
 * to name the creation site if that token later fails to resolve: a tenth of synth's CPU at 200 services, and
 * in jest, whose source-map support rewrites every trace, half of a test that builds the example. Off, as
 * `App({ stackTraces: false })` intends; `PLATFORM_STACK_TRACES=1` brings them back to debug a token.
 * cdktf's callers read the function from the module object at each call, so replacing it reaches them all.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tokenStackTraces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
if (process.env.PLATFORM_STACK_TRACES !== '1') tokenStackTraces.captureStackTrace = () => [];
