import { afterAll, describe } from 'vitest';
import { repositoryContract } from '../../../test/contract/repository.contract.js';
import { openPostgresStore } from './open-postgres-store.js';
import { TEST_POSTGRES_URL, adminQuery, postgresUnavailable, uniqueSchemaName } from './postgres-test-database.js';

const unavailable = await postgresUnavailable();
if (unavailable !== undefined) console.warn(`Skipping PostgreSQL store tests: ${unavailable}`);
const schema = uniqueSchemaName('ferro_contract');
const TABLES = 'node_data, node_history, ports, portgroups, allocations, nodes, chassis, deploy_templates, conductors, dhcp_leases';

afterAll(async () => {
  if (unavailable === undefined) await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
});

describe.skipIf(unavailable !== undefined)('postgres', () => {
  repositoryContract('postgres', async () => {
    const store = await openPostgresStore({ connectionString: TEST_POSTGRES_URL, schema, poolSize: 4 });
    await adminQuery(
      `TRUNCATE ${TABLES.split(', ')
        .map((t) => `"${schema}".${t}`)
        .join(', ')} RESTART IDENTITY`,
    );
    return store;
  });
});
