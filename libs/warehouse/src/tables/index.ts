import { ANALYTICS_TABLES } from './analytics.tables';
import { BOUNDARY_TABLES } from './boundary.tables';
import { ORCHESTRATION_TABLES } from './orchestration.tables';
import { PRECOMPUTE_TABLES } from './precompute.tables';
import { PREDICTIONS_TABLES } from './predictions.tables';
import { RAW_TABLES } from './raw.tables';
import { SCRAPING_TABLES } from './scraping.tables';
import { TableDefinition } from './table-definition';

export * from './table-definition';
export * from './analytics.tables';
export * from './boundary.tables';
export * from './orchestration.tables';
export * from './precompute.tables';
export * from './predictions.tables';
export * from './raw.tables';
export * from './scraping.tables';

/** Every table the platform declares; the migration step creates exactly these on either engine. */
export const ALL_TABLES: readonly TableDefinition[] = [...ORCHESTRATION_TABLES, ...SCRAPING_TABLES, ...RAW_TABLES, ...ANALYTICS_TABLES, ...PRECOMPUTE_TABLES, ...PREDICTIONS_TABLES, ...BOUNDARY_TABLES];
