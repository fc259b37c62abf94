import { Conflict } from '../../../core/index.js';
import type { ChassisRecord } from '../../../core/index.js';
import { CHASSIS_SORT_KEYS } from '../repository.js';
import type { ChassisFilters } from '../repository.js';
import type { TableSpec } from './table-spec.js';

/** Chassis: no names; nodes pointing at one keep it from being deleted (see nodeTable). */
export const chassisTable: TableSpec<ChassisRecord, ChassisFilters> = {
  table: 'chassis',
  kind: 'Chassis',
  hasName: false,
  sortKeys: CHASSIS_SORT_KEYS,
  columns: (c) => ({ uuid: c.uuid, description: c.description, created_at: c.created_at, updated_at: c.updated_at }),
  uniques: [
    {
      column: 'uuid',
      conflict: (c) => new Conflict('ChassisAlreadyExists', `A chassis with UUID ${c.uuid} already exists.`),
    },
  ],
  references: [],
  overlay: [],
  conditions: () => [],
};
