import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_STATE_DIR, OutputDirectoryError, synthesizePlatform } from '../../stacks';
import { exampleConfig } from '../support/config';

// Synth replaces its output directory whole. Terraform state must never live there, and synth must never
// delete it: a stack on local state (bootstrap before its migration) keeps it beside the output directory.

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cicd-local-state-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const STATE = '{"version":4,"serial":7,"lineage":"planted","resources":[{"type":"aws_s3_bucket"}]}\n';

function plant(file: string, content = STATE): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function bootstrapBackendPath(outdir: string): string {
  const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks/bootstrap/cdk.tf.json'), 'utf8'));
  return tf.terraform.backend.local.path;
}

describe('bootstrap on local state, across a re-synth', () => {
  // synth, plant what `cdktf deploy bootstrap` leaves behind, synth again
  const outdir = path.join(tmp, 'resynth', 'cdktf.out');
  synthesizePlatform(exampleConfig(), outdir);
  const state = plant(path.resolve(outdir, 'stacks/bootstrap', bootstrapBackendPath(outdir)));
  const backup = plant(`${state}.backup`);
  const backendSettings = plant(path.join(outdir, 'stacks/bootstrap/.terraform/terraform.tfstate'), '{"backend":{"type":"local"}}\n');
  const lock = plant(path.join(outdir, 'stacks/dev/.terraform.lock.hcl'), '# lock\n');
  synthesizePlatform(exampleConfig(), outdir);

  test('its backend path resolves beside the output directory, outside it', () => {
    const resolved = path.resolve(outdir, 'stacks/bootstrap', bootstrapBackendPath(outdir));
    expect(resolved).toBe(path.join(tmp, 'resynth', LOCAL_STATE_DIR, 'bootstrap', 'terraform.tfstate'));
    expect(path.relative(outdir, resolved).startsWith('..')).toBe(true);
  });

  test('the state file where the backend keeps it survives, byte for byte, with its backup', () => {
    expect(fs.readFileSync(state, 'utf8')).toBe(STATE);
    expect(fs.readFileSync(backup, 'utf8')).toBe(STATE);
  });

  test('each stack keeps its .terraform/ and lock file (the backend settings state migration reads)', () => {
    expect(fs.readFileSync(backendSettings, 'utf8')).toBe('{"backend":{"type":"local"}}\n');
    expect(fs.readFileSync(lock, 'utf8')).toBe('# lock\n');
    expect(fs.existsSync(path.join(outdir, 'stacks/dev/cdk.tf.json'))).toBe(true);
  });
});

describe('state inside the output directory', () => {
  test.each(['stacks/bootstrap/terraform.tfstate', 'stacks/bootstrap/terraform.tfstate.backup', 'stacks/dev/errored.tfstate'])(
    'synth refuses to delete %s, names it, and writes nothing',
    (relative) => {
      const outdir = path.join(tmp, relative.replace(/\W/g, '-'), 'cdktf.out');
      const manifest = plant(path.join(outdir, 'manifest.json'), '{"stacks":{}}\n');
      const state = plant(path.join(outdir, relative));
      expect(() => synthesizePlatform(exampleConfig(), outdir)).toThrow(OutputDirectoryError);
      expect(() => synthesizePlatform(exampleConfig(), outdir)).toThrow(
        new RegExp(`${path.basename(relative).replace(/\./g, '\\.')}.*Move it to`),
      );
      expect(fs.readFileSync(state, 'utf8')).toBe(STATE);
      expect(fs.readFileSync(manifest, 'utf8')).toBe('{"stacks":{}}\n');
      expect(fs.readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
      expect(fs.readdirSync(path.dirname(outdir)).filter((f) => f.includes('staging'))).toEqual([]);
    },
  );

  test('npm run synth exits 1 with one line naming the file and the fix, and keeps the file', () => {
    const cwd = path.join(tmp, 'cli');
    const outdir = path.join(cwd, 'cdktf.out');
    const state = plant(path.join(outdir, 'stacks/bootstrap/terraform.tfstate'));
    const result = spawnSync(process.execPath, [path.join(root, 'tools/synth.js')], {
      cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir, PLATFORM_CONFIG_DIR: path.join(root, 'environments') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/cdktf\.out\/stacks\/bootstrap\/terraform\.tfstate: Terraform state inside the synth output directory/);
    expect(result.stderr).toMatch(/Move it to state\/<stack>\/terraform\.tfstate/);
    expect(fs.readFileSync(state, 'utf8')).toBe(STATE);
  });
});
