// Bundles the CLI, the extension host and the webview with esbuild. Entries that do not exist yet are skipped.
// `--production`: minified, no source maps. `--watch`: rebuilds on change (esbuild's context API) until Ctrl+C;
// it prints `[watch] build started` / `[watch] build finished` around each round and one
// `> file:line:col: error: message` line per problem, which the problem matcher in .vscode/tasks.json reads.
import * as esbuild from 'esbuild';
import { existsSync } from 'fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', target: 'es2022' };

const entries = [
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife' },
  // The statistics worker thread (src/stats/pool.ts loads it from beside the CLI and extension bundles).
  { entryPoints: ['src/stats/worker.ts'], outfile: 'dist/statsWorker.js', platform: 'node', format: 'cjs' },
];
const present = entries.filter((e) => existsSync(e.entryPoints[0]));

if (!watch) {
  await Promise.all(present.map((e) => esbuild.build({ ...common, ...e })));
} else {
  // One round may rebuild several bundles (a change in src/shared/ touches all three): announce the start when the
  // first one starts and the end when the last one ends, so a background task is "done" only when all are written.
  // Each round ends with the problems of every bundle (also those not rebuilt this round): the problem matcher
  // clears its list when a round begins.
  let active = 0;
  const last = new Map(); // outfile -> { errors, warnings } of its latest build
  const line = (kind, m) => {
    const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
    console.error(`> ${where}${kind}: ${m.text}`);
  };
  const watchLog = (outfile) => ({
    name: 'watch-log',
    setup(build) {
      build.onStart(() => {
        if (active++ === 0) console.log(`[watch] build started ${new Date().toLocaleTimeString()}`);
      });
      build.onEnd((result) => {
        last.set(outfile, result);
        if (--active > 0) return;
        let errors = 0;
        for (const r of last.values()) {
          for (const m of r.errors) line('error', m);
          for (const m of r.warnings) line('warning', m);
          errors += r.errors.length;
        }
        console.log(`[watch] build finished${errors ? ` with ${errors} error(s)` : ''}`);
      });
    },
  });
  const contexts = await Promise.all(present.map((e) => esbuild.context({ ...common, ...e, plugins: [watchLog(e.outfile)] })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`[watch] watching ${present.map((e) => e.entryPoints[0]).join(', ')} (Ctrl+C to stop)`);
  const stop = async () => {
    await Promise.all(contexts.map((c) => c.dispose()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
