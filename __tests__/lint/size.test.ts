import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { lint, ofRule } from './eslint';

// The size rules (eslint.config.mjs, SIZE): no source file over 400 lines, no function over 80. The one exception
// is a data table, marked where it is; a disable that does not say so would let a long function through unnoticed.

const ROOT = path.resolve(__dirname, '..', '..');
const SIZE_DISABLE = /eslint-disable(?:-next-line|-line)?\s+[^*\n]*\bmax-lines(?:-per-function)?\b[^\n]*/g;

/** Every line of tracked non-test source that disables a size rule, with where it is. */
function sizeDisables(): { where: string; text: string }[] {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.js'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && !f.startsWith('__tests__/') && fs.existsSync(path.join(ROOT, f)));
  return files.flatMap((file) =>
    fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => [...line.matchAll(SIZE_DISABLE)].map((m) => ({ where: `${file}:${i + 1}`, text: m[0] }))),
  );
}

/** A function of `lines` statements (each a line of code). */
function functionOf(lines: number, before = ''): string {
  const body = Array.from({ length: lines }, (_, i) => `  total += ${i};`).join('\n');
  return `${before}export function long(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
}

describe('size rules (eslint.config.mjs)', () => {
  let results: string[][];

  beforeAll(() => {
    const file = Array.from({ length: 401 }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
    results = lint([
      { filePath: 'modules/secret/long.ts', source: functionOf(85) },
      { filePath: 'modules/secret/short.ts', source: functionOf(70) },
      {
        filePath: 'modules/secret/table.ts',
        source: functionOf(85, '// eslint-disable-next-line max-lines-per-function -- data table: probe\n'),
      },
      { filePath: '__tests__/modules/long.test.ts', source: functionOf(85) },
      { filePath: 'stacks/compose/long.ts', source: file },
      { filePath: 'tools/long.js', source: file.replace(/export const/g, 'const') },
    ]).map((messages) => [...ofRule(messages, 'max-lines-per-function'), ...ofRule(messages, 'max-lines')]);
  });

  test('a source function over 80 lines fails lint', () => {
    expect(results[0]).toEqual([expect.stringContaining('Maximum allowed is 80')]);
  });

  test('a function of 80 lines or fewer passes', () => {
    expect(results[1]).toEqual([]);
  });

  test('a function marked as a data table passes', () => {
    expect(results[2]).toEqual([]);
  });

  test('tests are exempt', () => {
    expect(results[3]).toEqual([]);
  });

  test('a source file over 400 lines fails lint', () => {
    expect(results[4]).toEqual([expect.stringContaining('Maximum allowed is 400')]);
  });

  test('so does a JavaScript one (the tools)', () => {
    expect(results[5]).toEqual([expect.stringContaining('Maximum allowed is 400')]);
  });

  test('every disable of a size rule in the source marks a data table and says what it lists', () => {
    expect(sizeDisables().filter((d) => !/--\s*data table:\s*\S/.test(d.text))).toEqual([]);
  });
});
