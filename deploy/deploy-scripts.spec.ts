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

  describe('deploy.sh running a deploy', () => {
    /** A clean repository holding this deploy.sh, so the script runs for real against stand-in gcloud and npm. */
    function repositoryWithDeployScript(gcloudScript: string) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-deploy-run-'));
      fs.mkdirSync(path.join(dir, 'deploy'));
      fs.copyFileSync(path.join(REPO_ROOT, 'deploy', 'deploy.sh'), path.join(dir, 'deploy', 'deploy.sh'));
      fs.chmodSync(path.join(dir, 'deploy', 'deploy.sh'), 0o755);
      const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: gitEnv, encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'deploy script');
      const bin = path.join(dir, '.stubs');
      fs.mkdirSync(bin);
      const log = path.join(dir, '.stubs', 'calls.log');
      fs.writeFileSync(path.join(bin, 'gcloud'), `#!/usr/bin/env bash\necho "gcloud $*" >> '${log}'\n${gcloudScript}\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(bin, 'npm'), `#!/usr/bin/env bash\necho "npm $*" >> '${log}'\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, '.git', 'info', 'exclude'), '.stubs/\n');
      const deploy = (...args: string[]) =>
        spawnSync(path.join(dir, 'deploy', 'deploy.sh'), args, { cwd: dir, env: { ...env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
      const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);
      return { dir, deploy, calls, head: git('rev-parse', 'HEAD') };
    }

    it('stops loudly at the first failing command and runs nothing after it', () => {
      const repository = repositoryWithDeployScript(
        'if [[ "$1 $2" == "projects describe" ]]; then echo 123456789; fi\nif [[ "$1 $2" == "run deploy" ]]; then echo "ERROR: (gcloud.run.deploy) Revision is not ready" >&2; exit 1; fi',
      );
      const result = repository.deploy('phase2-raw', '--project', 'nba-props', '--region', 'us-west2');

      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Revision is not ready');
      expect(result.stderr).toMatch(/^DEPLOY FAILED at: gcloud run deploy phase2-raw --image=/m);
      expect(result.stderr).toContain(`deploy.sh: phase2-raw at ${repository.head} is NOT deployed`);
      expect(repository.calls().map((call) => call.split(' ').slice(0, 3).join(' '))).toEqual([
        'npm run predeploy',
        'gcloud projects describe',
        'gcloud builds submit',
        'gcloud run deploy',
      ]);
      expect(result.stdout).toContain(`--labels=commit=${repository.head},service=phase2-raw`);
    });

    it('refuses a working tree with uncommitted changes, since the label would name another commit', () => {
      const repository = repositoryWithDeployScript('exit 0');
      fs.writeFileSync(path.join(repository.dir, 'deploy', 'uncommitted.ts'), 'export {};\n');
      const result = repository.deploy('phase2-raw', '--project', 'nba-props', '--region', 'us-west2');

      expect(result.status).toBe(1);
      expect(result.stderr).toContain('the working tree has uncommitted changes');
      expect(repository.calls()).toEqual([]);
    });
  });
});
