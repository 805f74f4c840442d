import { parseArgs } from 'node:util';
import { verifyRollout } from './rollout-verifier';

/** deploy.sh's last step per service: exits 1, loudly, when the new revision is not the one serving. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      url: { type: 'string' },
      commit: { type: 'string' },
      'timeout-seconds': { type: 'string', default: '300' },
    },
    strict: true,
  });
  for (const name of ['service', 'url', 'commit'] as const) {
    if (!values[name]) throw new Error(`--${name} is required`);
  }
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) throw new Error(`--timeout-seconds must be a positive integer (got ${values['timeout-seconds']})`);
  const result = await verifyRollout({
    service: values.service!,
    url: values.url!,
    expectedCommit: values.commit!,
    // The token comes through the environment so it never appears in a process list or a printed command.
    idToken: process.env.ROLLOUT_ID_TOKEN || undefined,
    timeoutMs: timeoutSeconds * 1000,
  });
  process.stdout.write(`${result.service} is ready and serves ${result.commit}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`ROLLOUT FAILED: ${error.message}\n`);
  process.exit(1);
});
