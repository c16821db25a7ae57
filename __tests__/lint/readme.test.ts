import fs from 'node:fs';
import path from 'node:path';

// Issue 17: the README is for a newcomer (at most 200 lines); depth lives under docs/, and every link there resolves.
const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The repository-relative targets of the README's markdown links (anchors dropped; web links aside). */
function localLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z]+:/.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0]);
}

describe('the README', () => {
  test('is at most 200 lines', () => {
    expect(README.trimEnd().split('\n').length).toBeLessThanOrEqual(200);
  });

  test('links to docs (the check is not vacuous)', () => {
    expect(localLinks(README).length).toBeGreaterThan(10);
  });

  test('every local link names a file that exists', () => {
    expect(localLinks(README).filter((target) => !fs.existsSync(path.join(ROOT, target)))).toEqual([]);
  });

  test('finds a broken link', () => {
    expect(localLinks('see [x](docs/nowhere.md#a) and [y](https://example.com) and [z](#local)')).toEqual(['docs/nowhere.md']);
  });
});
