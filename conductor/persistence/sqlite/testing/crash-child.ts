// Child process for sqlite-crash.test.ts: commits node writes forever and prints each uuid only after its
// commit returned, until the test SIGKILLs it. Usage: node --import tsx crash-child.ts <db> <full|normal>
import { aNode } from '../../../../test/contract/repository-fixtures.js';
import { openSqliteStore } from '../open-sqlite-store.js';

const [path, synchronous] = process.argv.slice(2);
if (path === undefined || (synchronous !== 'full' && synchronous !== 'normal')) {
  process.stderr.write('usage: crash-child.ts <db path> <full|normal>\n');
  process.exit(2);
}
const store = await openSqliteStore({ path, synchronous });
for (let i = 0; ; i++) {
  const node = await store.nodes.create(aNode({ name: `crash-${i}`, extra: { payload: 'x'.repeat(i % 2000) } }));
  await store.nodes.update(node.uuid, node.version, { description: `written ${i}` });
  // stdout to a pipe is synchronous on Linux: once this returns, the parent can read the line.
  process.stdout.write(`${node.uuid}\n`);
}
