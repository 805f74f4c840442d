import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument, closeInfrastructure, createInfrastructure, createServiceApp, loadPlatformConfig, PlatformLogger, readBuildInfo } from '@lib/platform';
import { createWarehouse } from '@lib/warehouse';
import { ALL_SERVICES } from '../cluster/local-cluster';

const USAGE = 'usage: node dist/tools/openapi/openapi.main.js --out <dir>   (npm run build runs it: dist/openapi/<service>.json)';

/**
 * Writes each service's OpenAPI document, the one it serves at /openapi.json, at build time: every
 * service is assembled (not started) on throwaway embedded infrastructure, in memory.
 */
async function main(argv: string[]): Promise<number> {
  const outFlag = argv.indexOf('--out');
  const outDir = outFlag === -1 ? undefined : argv[outFlag + 1];
  if (!outDir) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-openapi-'));
  const config = loadPlatformConfig({ DATA_DIR: scratch, LOG_FORMAT: 'json', LOG_LEVEL: 'error' });
  const infrastructure = await createInfrastructure(config, { warehouse: createWarehouse({ engine: 'duckdb', path: ':memory:' }) });
  const logger = new PlatformLogger({ format: 'json', level: 'error', write: (line) => process.stderr.write(`${line}\n`) });
  try {
    fs.mkdirSync(outDir, { recursive: true });
    for (const definition of ALL_SERVICES) {
      const app = await createServiceApp(definition, infrastructure, { logger });
      try {
        const document = buildOpenApiDocument(app, { ...definition.identity, version: readBuildInfo(undefined, __dirname).version });
        fs.writeFileSync(path.join(outDir, `${definition.identity.name}.json`), `${JSON.stringify(document, null, 2)}\n`);
      } finally {
        await app.close();
      }
    }
    return 0;
  } finally {
    await closeInfrastructure(infrastructure);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`openapi: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
