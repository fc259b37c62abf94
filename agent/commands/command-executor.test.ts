import { describe, expect, it } from 'vitest';
import { silentLogger, type AgentCommandResult, type JsonObject } from '../../core/index.js';
import type { AgentCommand, AgentExtensions } from './agent-command.js';
import { AgentError, invalidCommandParams, versionMismatch } from './agent-error.js';
import { createCommandExecutor } from './command-executor.js';

/** An async command that finishes when the test says so. */
function gate() {
  let open: (value: JsonObject | string) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const command: AgentCommand = {
    mode: 'async',
    run: () =>
      new Promise((resolve, reject) => {
        open = resolve;
        fail = reject;
      }),
  };
  return {
    command,
    open: (v: JsonObject | string) => {
      open(v);
    },
    fail: (e: Error) => {
      fail(e);
    },
  };
}

function setup(extra: Record<string, AgentCommand> = {}) {
  const slow = gate();
  const done: AgentCommandResult[] = [];
  const progress: string[] = [];
  let n = 0;
  const extensions: AgentExtensions = new Map([
    [
      'test',
      {
        slow: slow.command,
        echo: { mode: 'sync', run: async (params) => ({ echoed: params }) },
        text: { mode: 'sync', run: async () => 'plain text' },
        boom: {
          mode: 'sync',
          run: async () => {
            throw new Error('disk on fire');
          },
        },
        picky: {
          mode: 'async',
          validate: () => {
            throw invalidCommandParams('needs x');
          },
          run: async () => null,
        },
        old: {
          mode: 'async',
          run: async () => {
            throw versionMismatch({ a: '2' }, { a: '1' });
          },
        },
        ...extra,
      },
    ],
  ]);
  const executor = createCommandExecutor({
    extensions,
    log: silentLogger,
    signal: new AbortController().signal,
    reportProgress: (m) => progress.push(m),
    onCommandDone: (r) => done.push(r),
    newId: () => `id-${++n}`,
  });
  return { executor, slow, done, progress };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('command executor', () => {
  it('answers sync commands with their result and keeps every result in order', async () => {
    const { executor } = setup();
    const a = await executor.execute('test.echo', { x: 1 });
    expect(a).toEqual({
      id: 'id-1',
      command_name: 'echo',
      command_status: 'SUCCEEDED',
      command_error: null,
      command_result: { echoed: { x: 1 } },
    });
    const b = await executor.execute('test.text', {});
    expect(b.command_result).toEqual({ result: 'text: plain text' });
    expect(executor.list().map((r) => r.id)).toEqual(['id-1', 'id-2']);
  });

  it('runs async commands in the background, RUNNING then SUCCEEDED, and reports completion', async () => {
    const { executor, slow, done } = setup();
    const started = await executor.execute('test.slow', {});
    expect(started.command_status).toBe('RUNNING');
    slow.open({ ok: true });
    await settle();
    expect(executor.get(started.id)).toMatchObject({ command_status: 'SUCCEEDED', command_result: { ok: true } });
    expect(done.map((r) => r.command_status)).toEqual(['SUCCEEDED']);
  });

  it('refuses a second command while one runs (409 AgentIsBusy), and accepts one after', async () => {
    const { executor, slow } = setup();
    await executor.execute('test.slow', {});
    await expect(executor.execute('test.echo', {})).rejects.toMatchObject({ type: 'AgentIsBusy', status: 409 });
    slow.fail(new Error('nope'));
    await settle();
    await expect(executor.execute('test.echo', {})).resolves.toMatchObject({ command_status: 'SUCCEEDED' });
  });

  it('reports failures in IPA shape: FAILED with command_error, CLEAN_VERSION_MISMATCH for versions', async () => {
    const { executor } = setup();
    const failed = await executor.execute('test.boom', {});
    expect(failed.command_status).toBe('FAILED');
    expect(failed.command_error).toEqual({
      type: 'CommandExecutionError',
      code: 500,
      message: 'Command execution failed',
      details: 'disk on fire',
    });
    const old = await executor.execute('test.old', {});
    await settle();
    expect(executor.get(old.id)).toMatchObject({
      command_status: 'CLEAN_VERSION_MISMATCH',
      command_error: { type: 'VersionMismatch' },
    });
  });

  it('rejects malformed names (400), unknown extensions (404), unknown commands (400) and bad params (400)', async () => {
    const { executor } = setup();
    await expect(executor.execute('nodot', {})).rejects.toMatchObject({ status: 400, type: 'InvalidCommandError' });
    await expect(executor.execute('nope.echo', {})).rejects.toMatchObject({ status: 404 });
    await expect(executor.execute('test.toString', {})).rejects.toMatchObject({ status: 400 });
    await expect(executor.execute('test.picky', {})).rejects.toMatchObject({
      status: 400,
      type: 'InvalidCommandParamsError',
    });
    expect(executor.list()).toEqual([]);
    expect(() => executor.get('missing')).toThrow(AgentError);
  });

  it('waitFor resolves when the command ends and rejects when the caller leaves', async () => {
    const { executor, slow } = setup();
    const started = await executor.execute('test.slow', {});
    const leaving = new AbortController();
    const abandoned = executor.waitFor(started.id, leaving.signal);
    leaving.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    const waiting = executor.waitFor(started.id, new AbortController().signal);
    slow.open('done');
    await expect(waiting).resolves.toMatchObject({
      command_status: 'SUCCEEDED',
      command_result: { result: 'slow: done' },
    });
  });

  it('hands out copies: callers cannot change stored results', async () => {
    const { executor } = setup();
    const result = await executor.execute('test.echo', { x: 1 });
    result.command_status = 'FAILED';
    expect(executor.get(result.id).command_status).toBe('SUCCEEDED');
  });
});
