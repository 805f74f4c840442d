import 'reflect-metadata';
import path from 'node:path';
import { isServiceName, SERVICE_NAMES } from '@lib/messaging';

/**
 * The image's entry point: one image holds every service and SERVICE picks the one to start (each
 * Cloud Run service sets it). A missing or unknown SERVICE stops with the list of valid ones.
 */
const service = process.env.SERVICE ?? '';
if (!isServiceName(service)) {
  process.stderr.write(`SERVICE must be one of ${SERVICE_NAMES.join(', ')} (got ${JSON.stringify(service)})\n`);
  process.exit(78);
}
require(path.join(__dirname, service, 'src', 'main'));
