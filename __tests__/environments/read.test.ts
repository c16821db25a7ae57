import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfig, readConfigFiles } from '../../model';
import { rawMinimal, type RawConfig } from '../support/config';

// The loader reads an explicit list of files (environments/read.ts): organisation.ts, services.ts and the file
// of each environment promotionOrder names. Each case is a small config folder of its own, removed after it.

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-read-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, source: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), source);
}

/** Write `raw` as data files (`export default <data>`), one per file of the configuration. */
function writeData(raw: RawConfig): void {
  const files: [string, unknown][] = [['organisation', raw.organisation], ['services', raw.services], ...Object.entries(raw.environments)];
  for (const [name, data] of files) write(`${name}.ts`, `export default ${JSON.stringify(data, null, 2)};\n`);
}

/** The lines of the ConfigError reading `dir` throws (fails when it reads). */
function problems(): string[] {
  try {
    readConfigFiles(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the folder to be refused');
}

describe('a config folder is read from an explicit list of files', () => {
  test('organisation.ts, services.ts and each environment of promotionOrder, as their default exports', () => {
    writeData(rawMinimal());
    expect(readConfigFiles(dir)).toEqual(rawMinimal());
    expect(loadConfig(dir).environments.map((env) => env.name)).toEqual(rawMinimal().organisation.promotionOrder);
  });

  test('never loads a file it does not list: the loader code and folders are not data', () => {
    writeData(rawMinimal());
    for (const file of ['index.ts', 'load.ts', 'read.ts', 'schema-issues.ts', 'schema/index.ts', 'examples/qa.ts'])
      write(file, `throw new Error('${file} was loaded');\n`);
    expect(readConfigFiles(dir)).toEqual(rawMinimal());
  });
});

describe('a file that is missing, fails to load or is not listed is reported with its name and the fix, never skipped', () => {
  test('an environment of promotionOrder without its file names the file, the files found and both fixes', () => {
    const raw = rawMinimal();
    raw.organisation.promotionOrder = ['dev', 'qa', 'prod'];
    writeData(raw);
    expect(problems()).toEqual([
      'environments/organisation.ts: promotionOrder: names "qa", but environments/qa.ts does not exist (found: dev, prod); ' +
        'create it (a copy of another environment\'s file, with its own name and account) or remove "qa" from promotionOrder',
    ]);
  });

  test.each(['organisation', 'services'])('a missing %s.ts says what it holds and to restore it', (name) => {
    writeData(rawMinimal());
    fs.rmSync(path.join(dir, `${name}.ts`));
    const lines = problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^environments/${name}\\.ts: does not exist \\(in .+\\); it holds .+: restore it from git$`));
  });

  test.each<[string, string, RegExp]>([
    ['a data file that throws', `throw new Error('account id not set');\n`, /could not be loaded: account id not set; fix the file/],
    ['a syntax error', `export default { name: 'dev', ;\n`, /could not be loaded: .+; fix the file where the error points/],
    // a failed import inside the file is a load error of that file, not a missing environment file
    [
      'an import of a missing module',
      `import data from './nowhere';\nexport default data;\n`,
      /could not be loaded: .*Cannot find module '\.\/nowhere'/,
    ],
  ])('%s is reported as a load error of its file', (_case, source, expected) => {
    writeData(rawMinimal());
    write('dev.ts', source);
    const lines = problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^environments\/dev\.ts: could not be loaded: /);
    expect(lines[0]).toMatch(expected);
  });

  test('a data file without a default export says how to export its data', () => {
    writeData(rawMinimal());
    write('prod.ts', `export const prod = { name: 'prod' };\n`);
    expect(problems()).toEqual(['environments/prod.ts: has no default export; export its data with `export default { ... }`']);
  });

  test('an environment file promotionOrder does not name is an error that says to add it or delete the file', () => {
    const raw = rawMinimal();
    raw.environments.qa = { ...raw.environments.dev, name: 'qa' };
    writeData(raw);
    expect(problems()).toEqual([
      'environments/organisation.ts: promotionOrder: does not name "qa", but environments/qa.ts exists and nothing would deploy it; add "qa" to promotionOrder, or delete the file',
    ]);
  });

  test('any other .ts file beside the data is an error that says to move it out', () => {
    writeData(rawMinimal());
    write('dev.example.ts', 'export default {};\n');
    expect(problems()).toEqual([
      'environments/dev.example.ts: is not a configuration file; environments/ holds organisation.ts, services.ts and one file per environment of promotionOrder: move it out of environments/',
    ]);
  });

  test('every problem of the folder is reported at once, one per line', () => {
    const raw = rawMinimal();
    raw.organisation.promotionOrder = ['dev', 'qa', 'prod'];
    writeData(raw);
    fs.rmSync(path.join(dir, 'services.ts'));
    write('dev.ts', `throw new Error('broken');\n`);
    write('perf.ts', 'export default {};\n');
    write('dev.old.ts', 'export default {};\n');
    expect(problems().map((line) => line.split(':')[0])).toEqual([
      'environments/services.ts',
      'environments/organisation.ts',
      'environments/dev.ts',
      'environments/dev.old.ts',
      'environments/organisation.ts',
    ]);
  });

  test('a promotionOrder that is not a list of names is left to the schema: no file is called a stray', () => {
    const raw = rawMinimal();
    raw.organisation.promotionOrder = null as never;
    writeData(raw);
    expect(readConfigFiles(dir).environments).toEqual({});
  });
});
