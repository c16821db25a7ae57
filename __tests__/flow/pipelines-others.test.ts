/** `npm run flow` inside `npm test`, the other deploy targets: see pipelines-containers.test.ts. */
import { flowSuite } from '../support/flow';

flowSuite('server, function, Beanstalk and infrastructure targets', [
  'codedeploy-ec2',
  'codedeploy-lambda',
  'elastic-beanstalk',
  'infrastructure',
]);
