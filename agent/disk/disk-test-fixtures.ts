import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { CommandResult, RunOptions } from '../run-command.js';
import { CommandFailed } from '../run-command.js';
import { diskDeps, type DiskDeps } from './disk-deps.js';

// Test helpers for agent/disk unit tests: a fake /sys + /dev tree in a temporary directory and a scripted
// command runner that records every call. Named *-test-*.ts so dependency-cruiser treats it as test code.

/** One recorded call of the fake runner. */
export interface RecordedCall {
  program: string;
  args: string[];
  input?: string | Buffer | undefined;
}

/** A reply the fake runner gives: output, or a failure with an exit code. */
export type ScriptedReply = Partial<CommandResult> | ((args: readonly string[]) => Partial<CommandResult>);

/** A runner that answers from `script` (key: program, or "program arg0") and records calls. */
export function scriptedRunner(script: Record<string, ScriptedReply>): { run: DiskDeps['run']; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const run = (program: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> => {
    calls.push({ program, args: [...args], input: options.input });
    const reply = script[`${program} ${args[0] ?? ''}`] ?? script[program] ?? {};
    const out = typeof reply === 'function' ? reply(args) : reply;
    const result = { stdout: out.stdout ?? '', stderr: out.stderr ?? '', exitCode: out.exitCode ?? 0 };
    if (result.exitCode !== 0 && options.check !== false)
      return Promise.reject(new CommandFailed([program, ...args].join(' '), result.exitCode, result.stderr));
    return Promise.resolve(result);
  };
  return { run, calls };
}

/** A temporary root with sys/ and dev/ below it, and helpers to populate them. */
export async function fakeMachine(): Promise<{
  root: string;
  deps: (run: DiskDeps['run']) => DiskDeps;
  file(path: string, content: string): Promise<void>;
  link(path: string, target: string): Promise<void>;
}> {
  const root = await tempDir('ferro-disk-');
  const file = async (path: string, content: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  };
  const link = async (path: string, target: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  };
  const deps = (run: DiskDeps['run']) =>
    diskDeps({
      run,
      sysfsRoot: join(root, 'sys'),
      devRoot: join(root, 'dev'),
      udevDataRoot: join(root, 'run/udev/data'),
      sleep: () => Promise.resolve(),
    });
  return { root, deps, file, link };
}

/** A temporary directory removed when the current test finishes. Call it inside a test. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
