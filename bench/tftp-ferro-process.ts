// Ferro's TFTP server as its own process for bench/tftp.ts, so that it runs beside in.tftpd on equal terms.
// Usage: tsx bench/tftp-ferro-process.ts <root> <port>; prints "ready" once listening, stops on SIGTERM.
import { silentLogger } from '../core/index.js';
import { createDirectoryFileSource, startTftpServer } from '../conductor/boot/tftp/index.js';

const [root, port] = process.argv.slice(2);
if (root === undefined || port === undefined) throw new Error('usage: tftp-ferro-process.ts <root> <port>');
const server = await startTftpServer({
  addresses: ['127.0.0.1'],
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
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
