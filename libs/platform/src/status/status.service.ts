import { Inject, Injectable } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { addDays, SERVICE_NAMES } from '@lib/messaging';
import { Clock, CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { localServiceUrls } from '../infrastructure/infrastructure';
import { ServiceIdentity } from '../service/service-identity';
import { DateStory } from './status-page.renderer';
import {
  calibration,
  cellKey,
  cellOf,
  dailyQuality,
  hitRate,
  ServiceVersion,
  StatusCell,
  StatusModel,
  stuckAfterSeconds,
  tiersPerDay,
} from './status.builder';
import { StatusRepository } from './status.repository';

/** The grid's width: the last 30 game dates. */
export const STATUS_WINDOW_DATES = 30;
/** How far back the page looks for the newest date any phase ran (the local replay is of a past season). */
const LATEST_RUN_LOOKBACK_DAYS = 550;
const RECENT_ERRORS_SHOWN = 20;

export interface DeployedVersions {
  head: StatusModel['head'];
  versions: ServiceVersion[];
}

/** Where each service's deployed commit and HEAD are read from: the local cluster and phase 1 each give their own. */
export const STATUS_VERSIONS = Symbol('STATUS_VERSIONS');
export type VersionsReader = () => Promise<DeployedVersions>;

/** HEAD of the checkout the process runs from, when it runs from one (a laptop; not a container image). */
export function gitHead(): StatusModel['head'] {
  try {
    return { commit: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim(), source: `git rev-parse HEAD in ${process.cwd()}` };
  } catch {
    return { commit: null, source: 'no git checkout in this process\'s directory' };
  }
}

/** Each service's GET /version, two seconds each at most; a service that does not answer is reported as such. */
export async function readServiceVersions(urls: Partial<Record<string, string>>): Promise<ServiceVersion[]> {
  return Promise.all(
    SERVICE_NAMES.map(async (service): Promise<ServiceVersion> => {
      const url = urls[service];
      if (!url) return { service, commit: null, source: '–', error: 'this endpoint does not know the service\'s URL; run npm run drift' };
      try {
        const response = await fetch(`${url}/version`, { signal: AbortSignal.timeout(2000) });
        if (!response.ok) return { service, commit: null, source: `${url}/version`, error: `answered ${response.status}` };
        const body = (await response.json()) as { commit?: string };
        return { service, commit: body.commit ?? null, source: `${url}/version` };
      } catch (error) {
        return { service, commit: null, source: `${url}/version`, error: `did not answer: ${(error as Error).message}` };
      }
    }),
  );
}

/**
 * Phase 1's reader: with the local relay the five services are its neighbours on loopback; on Cloud
 * Run it knows only itself, and says so for the others.
 */
export function phase1VersionsReader(config: PlatformConfig, identity: ServiceIdentity): VersionsReader {
  return async () => {
    if (config.MESSAGING === 'local-relay') return { head: gitHead(), versions: await readServiceVersions(localServiceUrls(config)) };
    const versions = SERVICE_NAMES.map((service): ServiceVersion =>
      service === identity.name
        ? { service, commit: identity.commit, source: 'this service' }
        : { service, commit: null, source: '–', error: 'phase 1 does not know its URL on Cloud Run; deploy/check-drift.sh compares every service' },
    );
    return { head: gitHead(), versions };
  };
}

/** Gathers the status page's model from the warehouse: read-only, every number from StatusRepository. */
@Injectable()
export class StatusService {
  constructor(
    private readonly repository: StatusRepository,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(STATUS_VERSIONS) private readonly readVersions: VersionsReader,
  ) {}

  async model(requestedTo?: string): Promise<StatusModel> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const to = requestedTo ?? (await this.repository.latestRunDate(today, addDays(today, -LATEST_RUN_LOOKBACK_DAYS))) ?? today;
    const from = addDays(to, -(STATUS_WINDOW_DATES - 1));
    const dates = Array.from({ length: STATUS_WINDOW_DATES }, (_, index) => addDays(from, index));
    const [runs, held, durations, coverage, processors, graded, tiers, alerts, errors, deployed] = await Promise.all([
      this.repository.phaseRuns(from, to),
      this.repository.heldPhases(from, to),
      this.repository.finishedRunDurations(addDays(to, -60), to),
      this.repository.sourceCoverage(from, to),
      this.repository.processorRates(from, to),
      this.repository.gradedPrimaryPredictions(from, to),
      this.repository.activePrimaryTiers(from, to),
      this.repository.alerts(from, to),
      this.repository.recentErrors(from, to, RECENT_ERRORS_SHOWN),
      this.readVersions(),
    ]);
    const stuckAfter = (service: string) => stuckAfterSeconds(durations.get(service), this.config.STUCK_PHASE_FACTOR, this.config.STUCK_PHASE_MIN_EXPECTED_MINUTES);
    const grid = new Map<string, StatusCell>();
    for (const date of dates) for (const service of SERVICE_NAMES) grid.set(cellKey(date, service), cellOf(date, service, runs, now.getTime(), stuckAfter, held.get(cellKey(date, service))));
    return {
      generatedAt: now.toISOString(),
      from,
      to,
      dates,
      grid,
      coverage,
      processors,
      quality: dailyQuality(graded),
      hitRate: hitRate(graded),
      calibration: calibration(graded),
      tiers: tiersPerDay(tiers),
      alerts,
      errors,
      head: deployed.head,
      versions: deployed.versions,
    };
  }

  async story(gameDate: string): Promise<DateStory> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const [runs, rest] = await Promise.all([this.repository.phaseRuns(gameDate, gameDate), this.repository.dateStory(gameDate, today > gameDate ? today : gameDate)]);
    return { gameDate, runs, ...rest };
  }
}
