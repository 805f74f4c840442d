import path from 'node:path';
import { SERVICE_NAMES } from '@lib/messaging';
import { REPO_ROOT } from '../testing/temporary-build';
import { appModuleTargets, BootResult, bootCheck, bootReport } from './boot-check';

const fixture = (name: string) => path.join(__dirname, 'testing', name);

describe('predeploy boot check', () => {
  it('boots every service on the embedded defaults and lists what each serves', async () => {
    const results = await bootCheck(appModuleTargets(REPO_ROOT), { root: REPO_ROOT });

    expect(results.map((result) => [result.service, result.ok])).toEqual(SERVICE_NAMES.map((service) => [service, true]));
    for (const result of results as Array<Extract<BootResult, { ok: true }>>) {
      expect(result.routes).toEqual(expect.arrayContaining(['GET /health', 'GET /health/ready', 'GET /version', 'POST /process_date', 'POST /pubsub']));
    }
    expect(bootReport(results)).toMatch(/^ok {6}phase1-scrapers \(\d+ routes\)$/m);
  });

  it('fails naming the service, the provider and the module when a dependency is not provided, and still checks the rest', async () => {
    const results = await bootCheck(
      [
        { service: 'phase3-analytics', modulePath: fixture('broken-services.fixture') },
        { service: 'phase2-raw', modulePath: path.join(REPO_ROOT, 'apps/phase2-raw/src/app.module') },
      ],
      { root: REPO_ROOT },
    );

    expect(results[0]).toEqual({ service: 'phase3-analytics', ok: false, error: expect.stringContaining("can't resolve dependencies of the DeadlineChecker") });
    expect(results[0].ok === false && results[0].error).toMatch(/"DEADLINE_REPOSITORY" at index \[0\] is available in the DeadlinesModule module/);
    expect(results[1]).toMatchObject({ service: 'phase2-raw', ok: true });
    expect(bootReport(results)).toMatch(/^FAILED {2}phase3-analytics: .*DeadlineChecker/m);
  });

  it('names the provider whose constructor throws', async () => {
    const [result] = await bootCheck([{ service: 'phase5-predictions', modulePath: fixture('broken-services.fixture') }], { root: REPO_ROOT });

    expect(result).toEqual({
      service: 'phase5-predictions',
      ok: false,
      error: 'odds feed needs a bookmaker list (thrown constructing provider OddsFeed)',
    });
  });

  it('names the module file that does not resolve', async () => {
    const [result] = await bootCheck([{ service: 'phase3-analytics', modulePath: fixture('missing-module.fixture') }], { root: REPO_ROOT });

    expect(result.ok).toBe(false);
    expect(result.ok === false && result.error).toMatch(
      /^cannot load deploy\/predeploy\/testing\/missing-module\.fixture: Cannot find module '\.\/deadline-checks\/deadline\.checker'/,
    );
  });

  it('refuses a module that exports no definition of the service', async () => {
    const [result] = await bootCheck([{ service: 'phase4-precompute', modulePath: path.join(REPO_ROOT, 'apps/phase2-raw/src/app.module') }], { root: REPO_ROOT });

    expect(result).toEqual({ service: 'phase4-precompute', ok: false, error: 'apps/phase2-raw/src/app.module exports no ServiceDefinition for phase4-precompute' });
  });
});
