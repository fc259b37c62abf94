import { execFile } from 'node:child_process';

/**
 * Runs an operator-configured command line (`lab/vm.sh start node1`) with `/bin/sh -c`, bounded by a timeout.
 * Rejects with the command's last stderr line when it fails.
 */
export function runShellCommand(command: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', command], { timeout: timeoutMs }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve();
        return;
      }
      const last = stderr.trim().split('\n').at(-1) ?? '';
      reject(new Error(`${command}: ${last === '' ? error.message : last}`, { cause: error }));
    });
  });
}
