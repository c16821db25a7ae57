/** The jest run's temporary folder: a run killed outright (SIGKILL skips every exit hook) is cleaned by the next. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeOrphanedRunDirs } from '../support/global-setup';

test('removes the folders of dead runs only: not a live run, not a folder without an owner, not another name', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'orphans-'));
  try {
    // a pid that is certainly gone: a child that has exited and been reaped
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const make = (name: string, owner?: string) => {
      const dir = path.join(parent, name);
      fs.mkdirSync(path.join(dir, 'live'), { recursive: true });
      if (owner !== undefined) fs.writeFileSync(path.join(dir, 'owner.pid'), owner);
      return dir;
    };
    const orphan = make('platform-test-dead', dead);
    const running = make('platform-test-running', String(process.pid));
    const unowned = make('platform-test-unowned');
    const other = make('something-else', dead);
    expect(removeOrphanedRunDirs(parent)).toEqual([orphan]);
    expect([orphan, running, unowned, other].map((d) => fs.existsSync(d))).toEqual([false, true, true, true]);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
