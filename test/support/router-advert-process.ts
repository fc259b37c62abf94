// Ferro's IPv6 router advertiser as its own process, for tests that run it inside a network namespace
// (`ip netns exec <ns> node --import tsx test/support/router-advert-process.ts <device>...`). Prints
// "RA READY" once advertising; SIGTERM stops it.
import { pino } from 'pino';
import { startRouterAdvertiser } from '../../conductor/boot/dhcp/index.js';

const advertiser = startRouterAdvertiser(process.argv.slice(2), { log: pino({ level: 'debug' }), pollIntervalMs: 50 });
process.stdout.write('RA READY\n');
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  advertiser.stop();
  clearInterval(keepAlive);
  process.exit(0);
});
