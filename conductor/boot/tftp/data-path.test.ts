// Both data paths pass the same wire-level suite (testing/data-path-contract.ts). The native one needs its
// addon (`npm run build:dhcp-native`, which CI runs first); without it that half is skipped, and says so.
import { describe } from 'vitest';
import { loadNativeDataPath } from './native-data-path.js';
import { dataPathContract } from './testing/data-path-contract.js';

const nativeBuilt = loadNativeDataPath() !== undefined;
if (!nativeBuilt) console.warn('TFTP native data path not built (npm run build:dhcp-native): its contract is skipped');

describe('TFTP JS data path', () => dataPathContract('js'));
describe.skipIf(!nativeBuilt)('TFTP native data path', () => dataPathContract('native'));
