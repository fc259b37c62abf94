// Ferro's TFTP server as its own process for bench/tftp.ts, so that it runs beside in.tftpd on equal terms,
// and for test/integration/tftp-clients.test.ts, which runs it inside a network namespace.
// Usage: tsx bench/tftp-ferro-process.ts <root> <port> [address=127.0.0.1] [data path: auto|js|native]
// Prints "ready <data path>" once listening; stops on SIGTERM.
import { silentLogger } from '../core/index.js';
import { createDirectoryFileSource, startTftpServer, type TftpDataPath } from '../conductor/boot/tftp/index.js';

const [root, port, address = '127.0.0.1', dataPath = 'auto'] = process.argv.slice(2);
if (root === undefined || port === undefined)
  throw new Error('usage: tftp-ferro-process.ts <root> <port> [address] [auto|js|native]');
if (dataPath !== 'auto' && dataPath !== 'js' && dataPath !== 'native') throw new Error(`unknown data path ${dataPath}`);
const server = await startTftpServer({
  addresses: [address],
  port: Number(port),
  source: createDirectoryFileSource({ root }),
  log: silentLogger,
  // Caps as in.tftpd's (no -B): every block size and window a client asks for is granted.
  limits: {
    maxTransfers: 1000,
    maxTransfersPerClient: 1000,
    blksizeMax: 65_464,
    windowsizeMax: 64,
    timeoutMs: 1000,
    maxRetries: 5,
  },
  dataPath: dataPath satisfies TftpDataPath,
});
process.stdout.write(`ready ${server.native ? 'native' : 'js'}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
