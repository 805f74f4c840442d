import 'reflect-metadata';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { ALL_TABLES } from '@lib/warehouse';
import { ModelArgumentError, parseDateFlags } from '../models/model-arguments';
import { seedBundledAnalytics } from './analytics.seeder';

const USAGE = 'usage: npm run seed-analytics -- [--from YYYY-MM-DD] [--to YYYY-MM-DD]';

/** `npm run seed-analytics`: the bundled season into the analytics tables, until phases 2 and 3 fill them. */
async function main(argv: string[]): Promise<number> {
  let flags: { from?: string; to?: string };
  try {
    flags = parseDateFlags(argv, [], ['from', 'to']);
  } catch (error) {
    if (!(error instanceof ModelArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const warehouse = warehouseFromConfig(loadPlatformConfig());
  try {
    await warehouse.migrate(ALL_TABLES);
    const counts = await seedBundledAnalytics(warehouse, flags);
    process.stdout.write(`seeded ${counts.players} player-games, ${counts.teams} team-games, ${counts.props} prop lines (primary_source test_seed_player_box)\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`seed-analytics failed: ${error.message}\n`);
    process.exit(1);
  },
);
