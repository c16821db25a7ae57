/**
 * `npm run flow` inside `npm test`: every pipeline of the example runs its builds over the fixture service of its
 * deploy target, and each deploy action finds the files it reads (tools/flow). The targets are split over the
 * pipelines-*.test.ts files, so jest's workers run them side by side.
 */
import { flowSuite } from '../support/flow';

flowSuite('container, site and stack targets', ['codedeploy-ecs', 'ecs', 'eks', 's3', 'cloudformation']);
