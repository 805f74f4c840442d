import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isServiceName, SERVICE_NAMES } from '@lib/messaging';
import { loadPlatformConfig } from '@lib/platform';
import { checkDrift, DeployedCommit, driftExitCode, formatDriftReport } from './drift-check';
import { git } from './service-code';
import { formatSchemaDriftReport, readSchemaDrift, schemaDriftFails } from './schema-drift.report';

const USAGE = `usage: npm run drift -- [--cluster] [--url <service>=<url> ...] [--deployed <service>=<sha> ...]
                       [--repo <dir>] [--stale-only] [--schema | --schema-only]
  --cluster     read every service's /version from the running local cluster (DATA_DIR/cluster.json); the default
  --url         read /version at this base URL (DRIFT_ID_TOKEN, when set, is sent as a bearer token)
  --deployed    the commit a deploy reports, e.g. a Cloud Run revision label (deploy/check-drift.sh)
  --list-services  print the service names and exit
  --stale-only  print only the names of the services that drifted, one a line (for CI)
  --schema      also compare the configured warehouse's tables with the declarations (the default with the local cluster)
  --schema-only only that comparison
Exit 0 when every service runs its code as of HEAD (and the schema matches), 1 when any is stale or unknown
(or a table or column is missing or retyped), 2 on bad input.`;

export interface DriftIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  cwd: string;
}

function pairs(values: string[] | undefined, flag: string): Array<[string, string]> {
  return (values ?? []).map((pair) => {
    const separator = pair.indexOf('=');
    const service = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    if (separator < 1 || !isServiceName(service) || !value) throw new UsageError(`--${flag} "${pair}" is not <service>=<value> with a known service`);
    return [service, value];
  });
}

class UsageError extends Error {}

const phaseOrder = (service: string) => (SERVICE_NAMES as readonly string[]).indexOf(service);

async function versionAt(service: string, baseUrl: string, idToken: string | undefined): Promise<DeployedCommit> {
  const source = `${baseUrl.replace(/\/+$/, '')}/version`;
  try {
    const response = await fetch(source, { headers: idToken ? { authorization: `Bearer ${idToken}` } : {} });
    if (response.status !== 200) return { service, commit: null, source, error: `${source} answered HTTP ${response.status}` };
    const body = (await response.json()) as { service?: string; commit?: string };
    if (body.service !== service) return { service, commit: null, source, error: `${source} is ${JSON.stringify(body.service)}, not ${service}` };
    return { service, commit: body.commit ?? null, source };
  } catch (error) {
    const cause = (error as { cause?: Error }).cause;
    return { service, commit: null, source, error: `${source} unreachable: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}` };
  }
}

function clusterUrls(env: NodeJS.ProcessEnv): Record<string, string> {
  const descriptor = path.join(loadPlatformConfig(env).dataDirectory, 'cluster.json');
  if (!fs.existsSync(descriptor)) throw new UsageError(`no local cluster is running (${descriptor} is missing); start one with npm start, or pass --url/--deployed`);
  return (JSON.parse(fs.readFileSync(descriptor, 'utf8')) as { services: Record<string, string> }).services;
}

/** The drift command; returns its exit code. */
export async function runDrift(argv: string[], io: DriftIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        cluster: { type: 'boolean' },
        url: { type: 'string', multiple: true },
        deployed: { type: 'string', multiple: true },
        repo: { type: 'string' },
        'stale-only': { type: 'boolean' },
        schema: { type: 'boolean' },
        'schema-only': { type: 'boolean' },
        'list-services': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (values['list-services']) {
      io.out(`${SERVICE_NAMES.join('\n')}\n`);
      return 0;
    }
    if (values['schema-only']) {
      const schema = await readSchemaDrift(io.env);
      io.out(`${formatSchemaDriftReport(schema)}\n`);
      return schemaDriftFails(schema.drift) ? 1 : 0;
    }
    const urls = pairs(values.url, 'url');
    const labels = pairs(values.deployed, 'deployed');
    const useCluster = values.cluster || (urls.length === 0 && labels.length === 0);
    const idToken = io.env.DRIFT_ID_TOKEN || undefined;
    const lookups: Array<Promise<DeployedCommit>> = [
      ...(useCluster ? Object.entries(clusterUrls(io.env)).map(([service, url]) => versionAt(service, url, idToken)) : []),
      ...urls.map(([service, url]) => versionAt(service, url, idToken)),
      ...labels.map(async ([service, commit]): Promise<DeployedCommit> => ({ service, commit, source: 'deployed revision label' })),
    ];
    const deployed = (await Promise.all(lookups)).sort((a, b) => phaseOrder(a.service) - phaseOrder(b.service));
    const repo = git(path.resolve(io.cwd, values.repo ?? '.'), ['rev-parse', '--show-toplevel']);
    const report = checkDrift(repo, deployed);
    if (values['stale-only']) {
      io.out(report.rows.filter((row) => row.status !== 'current').map((row) => `${row.service}\n`).join(''));
      return driftExitCode(report);
    }
    io.out(`${formatDriftReport(report)}\n`);
    if (!values.schema && !useCluster) return driftExitCode(report);
    const schema = await readSchemaDrift(io.env);
    io.out(`${formatSchemaDriftReport(schema)}\n`);
    return Math.max(driftExitCode(report), schemaDriftFails(schema.drift) ? 1 : 0);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.out(`drift: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  runDrift(process.argv.slice(2), { env: process.env, out: (text) => process.stdout.write(text), cwd: process.cwd() }).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`drift: ${error.stack ?? error.message}\n`);
      process.exit(2);
    },
  );
}
