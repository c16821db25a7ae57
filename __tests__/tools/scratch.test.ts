/**
 * Temporary directories of the command-line tools (benchmark, synth diff) do not outlive an interrupt: the
 * directories go, the children stop, and the command still ends by the signal it got.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** A command that makes a scratch directory and starts a long child, then waits to be interrupted. */
const SCRIPT = `
const { spawn } = require('child_process');
const fs = require('fs');
const { scratchDir, trackChild } = require('./tools/scratch.ts');
const dir = scratchDir('scratch-test-');
fs.writeFileSync(dir + '/file', 'x');
const child = trackChild(spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { detached: true, stdio: 'ignore' }));
process.stdout.write(JSON.stringify({ dir, child: child.pid }) + '\\n');
setInterval(() => {}, 1000);
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test.each(['SIGINT', 'SIGTERM'] as const)(
  'on %s: the directory is removed, the child stopped, the command ends by the signal',
  async (signal) => {
    const command = spawn(process.execPath, ['-r', './tools/register.js', '-e', SCRIPT], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started = await new Promise<{ dir: string; child: number }>((resolve) =>
      command.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()))),
    );
    expect(fs.existsSync(path.join(started.dir, 'file'))).toBe(true);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => command.once('exit', (_code, how) => resolve(how)));
    command.kill(signal);
    expect(await ended).toBe(signal);
    expect(fs.existsSync(started.dir)).toBe(false);
    expect(alive(started.child)).toBe(false);
  },
);
