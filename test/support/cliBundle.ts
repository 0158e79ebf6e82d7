// The CLI as users run it: src/cli.ts bundled with its statistics worker beside it (as scripts/build.mjs lays out
// dist/), built once per test process and shared by every CLI test file. A spawn of the bundle starts in about a
// tenth of the time tsx takes to transpile the sources again for each process.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../..');
let built: Promise<string> | undefined;

/** The path of the bundled CLI (`node <path> info a.npy`). */
export function bundledCli(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'npy-cli-bundle-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' } as const;
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'src/cli.ts')], outfile: join(dir, 'cli.js') });
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'src/stats/worker.ts')], outfile: join(dir, 'statsWorker.js') });
  return join(dir, 'cli.js');
}
