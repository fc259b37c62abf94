import { Conflict } from '../../../core/index.js';
import type { DeployTemplateRecord } from '../../../core/index.js';
import { DEPLOY_TEMPLATE_SORT_KEYS } from '../repository.js';
import type { DeployTemplateFilters } from '../repository.js';
import type { TableSpec } from './table-spec.js';

/** Deploy templates: unique uuid and name (the name is a trait, e.g. CUSTOM_HYPERTHREADING_ON). */
export const deployTemplateTable: TableSpec<DeployTemplateRecord, DeployTemplateFilters> = {
  table: 'deploy_templates',
  kind: 'Deploy template',
  hasName: true,
  sortKeys: DEPLOY_TEMPLATE_SORT_KEYS,
  columns: (t) => ({ uuid: t.uuid, name: t.name, created_at: t.created_at, updated_at: t.updated_at }),
  uniques: [
    {
      column: 'uuid',
      conflict: (t) =>
        new Conflict('DeployTemplateAlreadyExists', `A deploy template with UUID ${t.uuid} already exists.`),
    },
    {
      column: 'name',
      conflict: (t) =>
        new Conflict('DeployTemplateDuplicateName', `A deploy template with name ${t.name} already exists.`),
    },
  ],
  references: [],
  overlay: [],
  conditions: () => [],
};
