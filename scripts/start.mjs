#!/usr/bin/env node
// `npm start`: VS Code (code-server 4.100.3, offline) in your browser with NPY Studio installed and a folder of
// sample arrays open. Installs what is missing, builds, packages the vsix (falls back to symlinking the repository
// into the extensions dir when packaging is not possible), generates the samples into .cache/samples, starts
// code-server on 127.0.0.1, prints the URL and runs until Ctrl+C.
//
//   npm start                      PORT=8080 npm start          NPY_START_LINK=1 npm start (skip the vsix)
//   NPY_START_VERBOSE=1 npm start  (echo code-server's log)
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ensureCodeServer } from './setup-code-server.mjs';
import { startCodeServer, freePort, repoRoot, workbenchUrl } from '../test/harness/codeServer.mjs';
import { bootstrap } from './bootstrap.mjs';

const say = (m) => console.log(`[start] ${m}`);
function run(title, cmd, args, { allowFail = false } = {}) {
  const t0 = Date.now();
  say(`${title} …`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    if (allowFail) return false;
    console.error(`[start] ${title} failed (exit ${r.status})`);
    process.exit(1);
  }
  say(`${title} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return true;
}

try {
  bootstrap();
  ensureCodeServer();
  run('build', process.execPath, ['scripts/build.mjs']);

  let vsix = null;
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsceBin = join(repoRoot, 'node_modules', '.bin', 'vsce');
  if (!process.env.NPY_START_LINK && pkg.scripts && pkg.scripts.package && existsSync(vsceBin)) {
    const out = join(repoRoot, 'npy-studio.vsix');
    if (run('npm run package (vsix)', 'npm', ['run', 'package', '--silent'], { allowFail: true }) && existsSync(out)) vsix = out;
    else say('packaging failed: symlinking the repository into the extensions dir instead');
  } else if (!process.env.NPY_START_LINK) {
    say('no `npm run package` / vsce yet: symlinking the repository into the extensions dir');
  }

  const samples = join(repoRoot, '.cache', 'samples');
  mkdirSync(samples, { recursive: true });
  run('sample arrays (scripts/make-samples.py)', 'python3', ['scripts/make-samples.py', samples, '--big']);

  const wanted = Number(process.env.PORT || 8080);
  let port = wanted;
  const probe = await fetch(`http://127.0.0.1:${wanted}/healthz`).then(
    () => true,
    () => false,
  );
  if (probe) port = await freePort();
  const cs = await startCodeServer({
    workspace: samples,
    port,
    quiet: !process.env.NPY_START_VERBOSE,
    ...(vsix ? { vsix: [vsix] } : { linkExtensions: [repoRoot] }),
  });
  say(`extension ${vsix ? `installed from ${vsix}` : 'symlinked from the repository (reload the window after `npm run build`)'}`);
  say(`code-server ${cs.pid} log: ${cs.logFile}`);
  console.log(`\n  NPY Studio in VS Code:  ${workbenchUrl(cs, { folder: samples })}\n\n  Ctrl+C to stop.\n`);
  cs.child.once('exit', (code) => {
    console.error(`[start] code-server exited (${code})`);
    process.exit(1);
  });
  setInterval(() => {}, 1 << 30); // stay alive until Ctrl+C (the harness stops code-server on SIGINT/SIGTERM)
} catch (e) {
  console.error(`[start] ${e && e.message ? e.message : e}`);
  process.exit(1);
}
