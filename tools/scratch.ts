/**
 * Temporary directories that do not outlive the command that made them. Their owner removes them (`finally`);
 * should the process end first, an `exit` hook removes them, and an interrupt (SIGINT, SIGTERM, SIGHUP) stops
 * the child processes registered here, waits for them, removes the directories and re-raises the signal, so
 * the command still ends the way the signal says.
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long an interrupted command waits for its children to stop before it removes their directories. */
const CHILD_GRACE_MS = 5000;

const dirs = new Set<string>();
const children = new Set<ChildProcess>();
let installed = false;
let stopping = false;

function removeAll(): void {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** Stop every registered child (its whole process group when it was started detached) and wait for it. */
async function stopChildren(signal: NodeJS.Signals): Promise<void> {
  const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal); // not a group leader: signal the child alone
    }
  }
  await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, CHILD_GRACE_MS).unref())]);
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return; // a second Ctrl-C while cleaning up: the first one is being handled
  stopping = true;
  void stopChildren(signal).finally(() => {
    removeAll();
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/** A new directory under the system's temporary directory, named `<prefix>XXXXXX`, removed at the latest on exit. */
export function scratchDir(prefix: string): string {
  install();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** Remove a directory of `scratchDir` now (call it in `finally`). */
export function removeScratch(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/** Stop `child` when the command is interrupted; start it `detached` to stop its descendants too. */
export function trackChild(child: ChildProcess): ChildProcess {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
