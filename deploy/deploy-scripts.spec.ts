import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@lib/messaging';
import { printDeployPlan } from './plan/deploy-plan.main';
import { REPO_ROOT, temporaryBuild } from './testing/temporary-build';

const HEAD = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();

describe('deploy/deploy.sh and deploy/check-drift.sh', () => {
  const build = temporaryBuild();
  const env = { ...build.env, DEPLOY_BUILD_DIR: build.dir, PROJECT_ID: '', REGION: '', GCS_BUCKET: '' };
  afterAll(() => build.remove());

  const script = (name: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(path.join(REPO_ROOT, 'deploy', name), args, { cwd: os.tmpdir(), env: { ...env, ...extraEnv }, encoding: 'utf8' });

  it('all --dry-run prints the whole first deploy at HEAD, exactly as the plan generates it', () => {
    const result = script('deploy.sh', ['all', '--dry-run', '--project', 'nba-props', '--region', 'us-west2']);

    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `${printDeployPlan(['all', '--project', 'nba-props', '--region', 'us-west2', '--commit', HEAD, '--bucket', 'nba-props-raw', '--bigquery-location', 'US'])}\n`,
    );
    for (const section of ['bq --project_id=nba-props', 'gcloud pubsub topics create', 'gcloud pubsub subscriptions create', 'gcloud run deploy', 'gcloud scheduler jobs create http']) {
      expect(result.stdout).toContain(section);
    }
  });

  it('takes the project and region from the environment', () => {
    const result = script('deploy.sh', ['phase4-precompute', '--dry-run'], { PROJECT_ID: 'nba-props', REGION: 'us-east1' });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('gcloud run deploy phase4-precompute ');
    expect(result.stdout).toContain('--region=us-east1');
    expect(result.stdout).not.toContain('gcloud run deploy phase2-raw ');
  });

  it('refuses to run without a target, or with an unknown service, naming the problem', () => {
    const noProject = script('deploy.sh', ['all', '--dry-run']);
    expect(noProject.status).toBe(2);
    expect(noProject.stderr).toContain("set --project/PROJECT_ID and --region/REGION (got project='', region='')");

    const unknown = script('deploy.sh', ['phase9', '--dry-run', '--project', 'nba-props', '--region', 'us-west2']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('name one service or "all" (got "phase9")');
  });

  describe('check-drift.sh on Cloud Run', () => {
    /** gcloud answering as Cloud Run would: one serving revision per service, labelled with STUB_COMMIT. */
    function cloudRunStub(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-gcloud-'));
      fs.writeFileSync(
        path.join(dir, 'gcloud'),
        `#!/usr/bin/env bash
if [[ "$1 $2 $3" == "run services describe" ]]; then echo "$4-00042-abc"; exit 0; fi
if [[ "$1 $2 $3" == "run revisions describe" ]]; then echo "$STUB_COMMIT"; exit 0; fi
echo "unexpected gcloud $*" >&2; exit 3
`,
        { mode: 0o755 },
      );
      return dir;
    }

    it('exits 0 when every serving revision is labelled with HEAD', () => {
      const result = script('check-drift.sh', ['--project', 'nba-props', '--region', 'us-west2'], { PATH: `${cloudRunStub()}:${process.env.PATH}`, STUB_COMMIT: HEAD });

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      for (const service of SERVICE_NAMES) expect(result.stdout).toMatch(new RegExp(`^${service} .* CURRENT: at HEAD \\(from deployed revision label\\)`, 'm'));
    });

    it('lists every service and exits 1 when the revisions carry a commit this repository does not have', () => {
      const result = script('check-drift.sh', ['--project', 'nba-props', '--region', 'us-west2', '--stale-only'], {
        PATH: `${cloudRunStub()}:${process.env.PATH}`,
        STUB_COMMIT: '0123456789abcdef0123456789abcdef01234567',
      });

      expect(result.status).toBe(1);
      expect(result.stdout).toBe(`${SERVICE_NAMES.join('\n')}\n`);
    });
  });
});
