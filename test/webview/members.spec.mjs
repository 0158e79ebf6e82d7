// The member list of an archive (.npz): the real webview bundle in Chromium, the fake host serving the archive
// through the host's own member handler and TileHandler; cells checked against numpy's str().
import assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { viewerSuite, settle, cells, screenshot, waitReady } from './harness.mjs';

const FX = process.env.NPY_WEBVIEW_FIXTURES;
const archive = join(FX, 'archive.npz');
const expected = JSON.parse(readFileSync(join(FX, 'expected.json'), 'utf8'));

function assertCells(got, want, min, label) {
  let seen = 0;
  for (const [k, v] of Object.entries(want)) {
    if (!(k in got)) continue;
    seen++;
    assert.strictEqual(got[k], v, `${label} cell ${k}`);
  }
  assert.ok(seen >= min, `${label}: only ${seen} of the expected cells are rendered (need ${min})`);
}

const selected = (page) => page.$$eval('#npy-members [aria-selected="true"]', (els) => els.map((e) => e.dataset.member));

/** Wait until member `key` is the one shown (the host's `member` message arrived and its cells are in). */
async function shown(page, key) {
  await page.waitForFunction((k) => document.getElementById('npy-entry')?.textContent === k, key, { timeout: 20000 });
  await settle(page);
}

describe('webview: archive member list', function () {
  const suite = viewerSuite();

  async function view(opts = {}) {
    return suite.open(archive, opts);
  }

  it('lists every member with key, shape, dtype, size and storage; shows the first; a click shows another', async () => {
    const { page, host, errors } = await view();
    const keys = await page.$$eval('#npy-members [data-member]', (els) => els.map((e) => e.dataset.member));
    assert.deepStrictEqual(keys, ['grid', 'sub/cube', 'labels', 'objs']);
    assert.match(await page.textContent('#npy-members-caption'), /^4 arrays · /);
    const row = (k) => page.$eval(`[data-member="${k}"]`, (e) => [...e.children].map((c) => c.textContent));
    const [key, shape, dtype, , stored] = await row('sub/cube');
    assert.deepStrictEqual([key, shape, dtype], ['sub/cube', '(3, 4, 5)', 'float64']);
    assert.match(stored, /^deflated · \d+ B$/);
    assert.match((await row('objs')).join(' '), /⚠ .*(object|pickle)/i);
    assert.deepStrictEqual(await selected(page), ['grid']);
    assert.strictEqual(await page.textContent('#npy-entry'), 'grid');
    assertCells(await cells(page), expected.archive_grid, 40, 'grid');
    await screenshot(page, 'archive-members');

    await page.click('[data-member="sub/cube"]');
    await shown(page, 'sub/cube');
    assert.deepStrictEqual(await selected(page), ['sub/cube']);
    assert.strictEqual(await page.textContent('#npy-shape'), '(3, 4, 5)');
    assertCells(await cells(page), expected.archive_cube, 20, 'cube');
    // Everything the viewer has: the N-D controls step the other axis of this member.
    await page.fill('#npy-slice-input', 'a[2]');
    await page.press('#npy-slice-input', 'Enter');
    await settle(page);
    assertCells(await cells(page), expected.archive_cube_2, 20, 'cube[2]');
    assert.ok(host.ofType('selectMember').some((m) => m.name === 'sub/cube'));
    // Tiles of the member shown before are not asked for again at the new generation.
    const gens = new Set(host.ofType('tile').map((m) => m.generation));
    assert.ok(gens.size >= 2, 'the member switch did not move to a new generation');
    await screenshot(page, 'archive-cube');
    assert.deepStrictEqual(errors, []);
  });

  it('keyboard: arrows move, Enter shows; a member that cannot be shown says why', async () => {
    const { page } = await view();
    await page.focus('[data-member="grid"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.strictEqual(await page.evaluate(() => document.activeElement?.dataset.member), 'labels');
    assert.deepStrictEqual(await selected(page), ['grid'], 'arrows alone do not switch');
    await page.keyboard.press('Enter');
    await shown(page, 'labels');
    assertCells(await cells(page), expected.archive_labels, 4, 'labels');
    assert.strictEqual(await page.evaluate(() => document.activeElement?.dataset.member), 'labels', 'focus stays in the list');
    await page.keyboard.press('End');
    await page.keyboard.press(' ');
    await shown(page, 'objs');
    assert.match(await page.textContent('#npy-message'), /object|pickle/i);
    assert.ok(await page.isVisible('#npy-message'));
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await shown(page, 'grid');
    assertCells(await cells(page), expected.archive_grid, 40, 'grid again');
  });

  it('each member keeps its own view state; the member shown survives the webview being recreated', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1000, height: 650 } });
    const v = await view({ context });
    const { page } = v;
    await page.click('[data-row="3"][data-col="4"]');
    await page.click('[data-member="sub/cube"]');
    await shown(page, 'sub/cube');
    await page.selectOption('#npy-row-axis', '0');
    await settle(page);
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[:, 0]');
    // Back to grid: its focused cell is where it was.
    await page.click('[data-member="grid"]');
    await shown(page, 'grid');
    assert.ok(await page.$('[data-row="3"][data-col="4"].npy-focus'), 'grid lost its focused cell');
    // And cube kept its own view.
    await page.click('[data-member="sub/cube"]');
    await shown(page, 'sub/cube');
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[:, 0]');
    // The webview is recreated (tab hidden and shown): the same member comes back, with its view.
    await page.reload();
    await waitReady(page);
    await settle(page);
    assert.strictEqual(await page.textContent('#npy-entry'), 'sub/cube');
    assert.deepStrictEqual(await selected(page), ['sub/cube']);
    assert.strictEqual(await page.inputValue('#npy-slice-input'), 'a[:, 0]');
    const readies = v.host.ofType('ready');
    assert.strictEqual(readies[readies.length - 1].member, 'sub/cube');
  });

  it('an archive of 10,000 members lists them all; End and Enter show the last', async () => {
    const v = await suite.open(join(FX, 'many.npz'));
    const { page } = v;
    assert.strictEqual(await page.$$eval('#npy-members [data-member]', (els) => els.length), 10000);
    assert.match(await page.textContent('#npy-members-caption'), /^10,000 arrays · /);
    await page.focus('[data-member="a00000"]');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await shown(page, 'a09999');
    assert.strictEqual((await cells(page))['0,0'], '9999');
    assert.strictEqual((await cells(page))['1,0'], '-9999');
    assert.ok(
      await page.$eval('[data-member="a09999"]', (e) => {
        const box = e.getBoundingClientRect();
        const list = e.parentElement.getBoundingClientRect();
        return box.top >= list.top && box.bottom <= list.bottom + 1;
      }),
      'the last member is not scrolled into view',
    );
  });

  it('more members than listed: the filter box asks the host, finds one past the list, shows it; Escape restores the list', async () => {
    const v = await suite.open(join(FX, 'more.npz'));
    const { page, host } = v;
    const keys = () => page.$$eval('#npy-members [data-member]', (els) => els.map((e) => e.dataset.member));
    assert.strictEqual((await keys()).length, 10000);
    assert.match(await page.textContent('#npy-members-caption'), /^10,050 arrays; the first 10,000 are listed/);
    assert.strictEqual(await page.$('[data-member="b10042"]'), null);
    // Typed text goes to the host, which matches every key (case ignored), not only the listed ones.
    await page.fill('#npy-members-filter', 'B1004');
    await page.waitForFunction(() => document.querySelectorAll('#npy-members [data-member]').length === 10, null, { timeout: 10000 });
    assert.deepStrictEqual(
      await keys(),
      Array.from({ length: 10 }, (_, i) => `b1004${i}`),
    );
    assert.ok(host.ofType('findMembers').some((m) => m.query === 'B1004'));
    assert.match(await page.textContent('#npy-members-caption'), /^10 members match/);
    await page.click('[data-member="b10042"]');
    await shown(page, 'b10042');
    const got = await cells(page);
    assert.strictEqual(got['0,0'], expected.more_b10042['0,0']);
    assert.strictEqual(got['1,0'], expected.more_b10042['1,0']);
    // The member shown keeps the filtered list, marked selected; its shape is known now.
    assert.deepStrictEqual(await selected(page), ['b10042']);
    assert.strictEqual((await keys()).length, 10);
    await screenshot(page, 'members-filter');
    // A filter matching more than the host sends: the count says so.
    await page.fill('#npy-members-filter', 'b');
    await page.waitForFunction(() => /^10,050 members match; the first 10,000 are listed/.test(document.getElementById('npy-members-caption').textContent), null, {
      timeout: 10000,
    });
    // Escape clears the box: the whole list is back.
    await page.fill('#npy-members-filter', 'b100');
    await page.waitForFunction(() => document.querySelectorAll('#npy-members [data-member]').length === 50, null, { timeout: 10000 });
    await page.focus('#npy-members-filter');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('#npy-members [data-member]').length === 10000, null, { timeout: 10000 });
    assert.strictEqual(await page.inputValue('#npy-members-filter'), '');
    assert.match(await page.textContent('#npy-members-caption'), /^10,050 arrays; the first 10,000 are listed/);
  });

  it('a small archive has no filter box', async () => {
    const { page } = await view();
    assert.strictEqual(await page.isVisible('#npy-members-filter'), false);
  });

  it('live reload: the member shown stays, with the new data', async () => {
    const file = join(FX, 'reloading.npz');
    const write = (k) => execFileSync('python3', ['-c', `import numpy as np, sys; np.savez(sys.argv[1], a=np.arange(4), b=np.arange(6).reshape(2, 3) * ${k})`, file]);
    write(1);
    const v = await suite.open(file);
    await v.page.click('[data-member="b"]');
    await shown(v.page, 'b');
    assert.strictEqual((await cells(v.page))['1,2'], '5');
    write(100);
    await v.host.reopen();
    await v.page.waitForFunction(() => document.querySelector('[data-row="1"][data-col="2"]')?.textContent === '500', null, { timeout: 20000 });
    assert.strictEqual(await v.page.textContent('#npy-entry'), 'b');
    assert.deepStrictEqual(await selected(v.page), ['b']);
  });

  it('a plain .npy has no member list', async () => {
    const v = await suite.open(join(FX, 'f64.npy'));
    assert.ok(await v.page.isHidden('#npy-members'));
    assert.strictEqual(await v.page.$('#npy-entry'), null);
  });

  it('the member list looks right in light and high-contrast themes', async () => {
    for (const theme of ['light', 'high-contrast']) {
      const { page } = await view({ theme });
      await page.focus('[data-member="labels"]');
      await screenshot(page, `archive-members-${theme}`);
    }
  });
});
