import { firstOf, nextOf, previousOf, productionOf } from '../../model/promotion';
import { resolveModel } from '../../model';
import { minimalConfig } from '../support/config';

// model/promotion.ts: the one place an environment is picked by its position in promotionOrder.

const order = ['build', 'qa', 'live'];

test.each<[string, string | undefined, string | undefined]>([
  ['build', undefined, 'qa'],
  ['qa', 'build', 'live'],
  ['live', 'qa', undefined],
  ['unknown', undefined, undefined],
])('%s: previous %s, next %s', (name, previous, next) => {
  expect(previousOf(order, name)).toBe(previous);
  expect(nextOf(order, name)).toBe(next);
});

test('a single environment has no neighbours and is first and production', () => {
  expect([previousOf(['solo'], 'solo'), nextOf(['solo'], 'solo')]).toEqual([undefined, undefined]);
  expect([firstOf(['solo']), productionOf(['solo'])]).toEqual(['solo', 'solo']);
});

test("the model's environments carry their neighbours in promotion order", () => {
  const model = resolveModel(minimalConfig());
  const [dev, prod] = model.environments;
  expect([dev.previous, dev.next?.name, prod.previous?.name, prod.next]).toEqual([undefined, 'prod', 'dev', undefined]);
});
