// matplotlib as an oracle for pictures. The Python that has it may not be the one with the newest numpy (Debian's
// python3-matplotlib lives in /usr/bin/python3): NPY_STUDIO_MPL_PYTHON, then `python3`, then /usr/bin/python3.
import { execFileSync, spawnSync } from 'child_process';

let found: string | undefined;

export function matplotlibPython(): string {
  if (found) return found;
  const candidates = [process.env.NPY_STUDIO_MPL_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import matplotlib, PIL, numpy'], { encoding: 'utf8' });
    if (r.status === 0) return (found = py);
  }
  throw new Error('no Python with matplotlib and PIL for the picture oracle: apt-get install python3-matplotlib python3-pil (see scripts/install-system-deps.sh)');
}

/** Run `code` (matplotlib, numpy as np and PIL.Image imported) and return its stdout. */
export function mpl(code: string, args: string[] = []): string {
  return execFileSync(
    matplotlibPython(),
    ['-c', `import sys, json\nimport numpy as np\nimport matplotlib\nfrom matplotlib import colormaps, colors\nfrom PIL import Image\n${code}`, ...args],
    {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
}
