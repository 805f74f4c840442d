import 'reflect-metadata';
import path from 'node:path';
import { appModuleTargets, bootCheck, bootReport } from './boot-check';

/** The last step of `npm run predeploy`: boots the built services; exit 1 names each one that failed. */
async function main(): Promise<void> {
  const buildRoot = path.resolve(__dirname, '../..');
  const results = await bootCheck(appModuleTargets(buildRoot), { root: buildRoot });
  process.stdout.write(`${bootReport(results)}\n`);
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    process.stderr.write(`predeploy: ${failed.map((result) => result.service).join(', ')} cannot boot; do not deploy\n`);
    process.exit(1);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`predeploy: boot check could not run: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
