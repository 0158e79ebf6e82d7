// E2E in a FRESH code-server profile where nothing was opened yet: the Explorer tooltip and the Python hover must
// show shape and dtype from a cold start (activation events, not a prior .npy open, bring the extension up).
// Each fresh test gets its own code-server, user data dir and workspace (see run.mjs `freshTests`).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { assert, sleep } from './lib.mjs';

export const tests = [];
export const freshTests = [];

/** The workspace of the fresh profile: one array and a Python file that loads it. */
export function prepareFresh({ workspace, python }) {
  python('import numpy as np, sys; np.save(sys.argv[1], np.zeros((3, 4, 5), dtype="<f4"))', join(workspace, 'cold.npy'));
  writeFileSync(join(workspace, 'load_cold.py'), 'import numpy as np\n\nx = np.load("cold.npy")\n');
}

/** Extension log lines of this profile ("NPY Studio" output channel), for the activation time. */
function extensionLog(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/NPY Studio\.log$/.test(name)) found.push(readFileSync(p, 'utf8'));
    }
  };
  try {
    walk(join(userDataDir, 'logs'));
  } catch {
    // no logs yet
  }
  return found.join('\n');
}

async function hoverText(wb, target, pattern) {
  const hover = wb.page.locator('.workbench-hover, .monaco-hover', { hasText: pattern });
  for (let attempt = 0; attempt < 4; attempt++) {
    await wb.page.mouse.move(0, 0);
    await sleep(200);
    await target.hover();
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 5000 });
      return (await hover.first().innerText()).replace(/\s+/g, ' ');
    } catch {
      // the provider may still be activating: hover again
    }
  }
  const title = (await target.getAttribute('title').catch(() => null)) || '';
  return title.replace(/\s+/g, ' ');
}

freshTests.push({
  name: 'cold start: Explorer tooltip and Python hover show shape and dtype before anything was opened',
  timeoutMs: 90000,
  fn: async (wb, ctx, cs) => {
    // Nothing has been opened: no editor tab exists.
    assert((await wb.page.locator('.tabs-container .tab').count()) === 0, 'an editor is already open');
    const row = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cold.npy' }).first();
    await row.waitFor({ timeout: 15000 });
    const tip = await hoverText(wb, row.locator('.label-name').first(), /float32/);
    assert(/float32/.test(tip) && /3, 4, 5/.test(tip), `Explorer tooltip: ${JSON.stringify(tip)}`);
    await wb.screenshot('cold-explorer-tooltip');

    // Open the Python file (a text editor: still no array opened) and hover the path in np.load("cold.npy").
    await wb.quickOpen('load_cold.py');
    const token = wb.page.locator('.monaco-editor .view-line span', { hasText: 'cold.npy' }).last();
    await token.waitFor({ timeout: 15000 });
    const hover = await hoverText(wb, token, /float32/);
    assert(/float32/.test(hover) && /3, 4, 5/.test(hover), `Python hover: ${JSON.stringify(hover)}`);
    await sleep(400); // let the hover finish fading in
    await wb.screenshot('cold-python-hover');

    const m = /activated in ([\d.]+) ms/.exec(extensionLog(cs.userDataDir));
    assert(m, 'no "activated in … ms" line in the extension log');
    ctx.timings.activationMs = Number(m[1]);
    ctx.log(`activation took ${m[1]} ms (extension log)`);
  },
});
