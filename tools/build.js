#!/usr/bin/env node
// Compiles apps/, libs/, tools/ and deploy/ to dist/ with swc (decorator metadata on, path aliases
// rewritten to relative requires), writes dist/build-info.json with the commit it was built from, and
// dist/openapi/<service>.json, each service's OpenAPI document.
// Type checking is `npm run typecheck`; this step only has to be fast and faithful.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
// --out-dir lets tests build into a temporary folder without racing the shared dist/.
const outDirFlag = process.argv.indexOf('--out-dir');
const outDir = outDirFlag === -1 ? path.join(root, 'dist') : path.resolve(process.argv[outDirFlag + 1] ?? '');
if (outDirFlag !== -1 && !process.argv[outDirFlag + 1]) {
  process.stderr.write('build: --out-dir needs a directory\n');
  process.exit(2);
}
const sourceDirs = ['apps', 'libs', 'tools', 'deploy'];
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));

function sourceFiles(directory) {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts');
    const isTest = /\.(spec|e2e-spec)\.ts$/.test(entry.name);
    return isSource && !isTest ? [full] : [];
  });
}

function commitOf() {
  if (process.env.GIT_COMMIT) return process.env.GIT_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout (e.g. a source tarball): /version then says 'unknown' instead of guessing.
    return 'unknown';
  }
}

async function main() {
  const started = Date.now();
  fs.rmSync(outDir, { recursive: true, force: true });
  const files = sourceDirs.flatMap((dir) => sourceFiles(path.join(root, dir)));
  await Promise.all(
    files.map(async (file) => {
      const options = { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: root } };
      const output = await swc.transformFile(file, { ...options, swcrc: false, filename: file, cwd: root });
      const target = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, output.map ? `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map` : output.code);
      if (output.map) fs.writeFileSync(`${target}.map`, output.map);
    }),
  );
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const buildInfo = { version, commit: commitOf(), builtAt: new Date().toISOString() };
  fs.writeFileSync(path.join(outDir, 'build-info.json'), `${JSON.stringify(buildInfo, null, 2)}\n`);
  // Each service's OpenAPI document, from the compiled services themselves (the same one /openapi.json serves).
  execFileSync(process.execPath, [path.join(outDir, 'tools', 'openapi', 'openapi.main.js'), '--out', path.join(outDir, 'openapi')], {
    cwd: root,
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!process.argv.includes('--quiet')) {
    process.stderr.write(`built ${files.length} files into ${path.relative(root, outDir) || outDir}/ in ${Date.now() - started} ms (commit ${buildInfo.commit.slice(0, 12)})\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`build failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
