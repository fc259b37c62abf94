import type { BaremetalError } from '../../../core/index.js';
import type { Condition } from './condition.js';

/** A value of an indexed column, as every store compares it. */
export type SqlValue = string | number | boolean | null;

/** The indexed columns of one row, derived from its record (the full record lives in `data`). */
export type Columns = Readonly<Record<string, SqlValue>>;

/** A column whose non-null values are unique; `conflict` builds Ironic's error for a duplicate. */
export interface UniqueColumn<T> {
  readonly column: string;
  readonly conflict: (record: T) => BaremetalError;
}

/**
 * A column holding the uuid of a row in `parent`. Writing an unknown uuid throws `notFound`; deleting the
 * parent either deletes this row too (`cascade`) or is refused with `blocked` while rows point at it.
 */
export interface Reference {
  readonly column: string;
  readonly parent: TableName;
  readonly notFound: (uuid: string) => BaremetalError;
  readonly onDelete: 'cascade' | { readonly blocked: (parentUuid: string) => BaremetalError };
}

/** Every table the stores keep, by SQL name. */
export type TableName =
  'nodes' | 'ports' | 'portgroups' | 'chassis' | 'allocations' | 'deploy_templates' | 'node_history' | 'node_data';

/**
 * What a store needs to know about one resource table. The in-memory and SQL stores both interpret the same
 * spec, which is what keeps their errors, filters and ordering identical.
 */
export interface TableSpec<T, F> {
  readonly table: TableName;
  /** Noun in NotFound messages ("Port X could not be found."). */
  readonly kind: string;
  /** Whether `get` also accepts the unique `name` column. */
  readonly hasName: boolean;
  readonly sortKeys: readonly string[];
  /** Indexed columns of a record, `uuid` included; `id` and `data` are added by the store. */
  readonly columns: (record: T) => Columns;
  /** Checked in this order on create and update. */
  readonly uniques: readonly UniqueColumn<T>[];
  readonly references: readonly Reference[];
  /** Columns whose stored value wins over the copy inside `data` (written by single-column updates). */
  readonly overlay: readonly string[];
  readonly conditions: (filters: F) => Condition[];
}
