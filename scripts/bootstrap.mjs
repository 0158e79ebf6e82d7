// What `npm start` and `npm test` need on a fresh machine, installed once: Debian packages (numpy oracle,
// chromium, code-server's build headers; a no-op when present) and the npm packages from the lock file.
import { spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(title, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

export function bootstrap() {
  run('system packages', 'bash', [join(root, 'scripts/install-system-deps.sh')]);
  if (!existsSync(join(root, 'node_modules', '.package-lock.json')) || missingPackages().length) run('npm ci', 'npm', ['ci', '--no-audit', '--no-fund']);
}

/** Declared dependencies with no folder in node_modules (e.g. a devDependency added since the last install). */
function missingPackages() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));
}
