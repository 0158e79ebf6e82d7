// The one helper for file and user text in messages (issue 12, items 4 and 8).
import assert from 'node:assert/strict';
import { escapeForMessage, needsEscape, oneLine, pathForMessage, quoteForMessage } from '../../../src/shared/quote';
import { ERROR_REMEDIES, cliRemedy, hostRemedy } from '../../../src/shared/errorCodes';
import { oneLineError } from '../../../src/host/platform/errors';
import { NpyError } from '../../../src/npy/types';

/** Every character a terminal, a log, JS source or a notification may take as the end of a line. */
const BREAKS = ['\n', '\r', '\v', '\f', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029'];
const LINE_BREAK = /[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

describe('quote: text from files and users in one-line messages', () => {
  it('escapes every line break and separator, C0/C1 controls, DEL, bidi and other format characters', () => {
    for (const b of BREAKS) {
      const q = quoteForMessage(`a${b}error: forged`);
      assert.ok(!LINE_BREAK.test(q), JSON.stringify(q));
      assert.ok(!needsEscape(q));
    }
    assert.equal(quoteForMessage('a\nb'), "'a\\nb'");
    assert.equal(quoteForMessage('\u0085\u2028\u2029'), "'\\x85\\u2028\\u2029'");
    assert.equal(quoteForMessage('\x00\x1b[31m\x7f'), "'\\x00\\x1b[31m\\x7f'");
    assert.equal(quoteForMessage('abc\u202edef'), "'abc\\u202edef'"); // right-to-left override
    assert.equal(quoteForMessage('zero\u200bwidth\ufeff'), "'zero\\u200bwidth\\ufeff'");
    assert.equal(quoteForMessage('lone \ud800 surrogate'), "'lone \\ud800 surrogate'");
  });

  it('keeps printable text as it is, quotes unambiguously, and bounds the length (never splitting a pair)', () => {
    assert.equal(quoteForMessage('héllo 日本 😀'), "'héllo 日本 😀'");
    assert.equal(quoteForMessage("it's a\\b"), "'it\\'s a\\\\b'");
    assert.equal(quoteForMessage('x'.repeat(100), 10), `'${'x'.repeat(10)}…'`);
    assert.equal(quoteForMessage('😀'.repeat(5), 2), "'😀😀…'");
    assert.equal(quoteForMessage('abc', 3), "'abc'");
  });

  it('paths stay plain when plain, and are quoted when they hold anything to escape', () => {
    assert.equal(pathForMessage('/data/a b/x.npy'), '/data/a b/x.npy');
    assert.equal(pathForMessage('C:\\data\\x.npy'), 'C:\\data\\x.npy');
    assert.equal(pathForMessage('a\nerror: forged line'), "'a\\nerror: forged line'");
    assert.equal(pathForMessage("it's.npy"), "'it\\'s.npy'");
    assert.equal(pathForMessage(' lead.npy'), "' lead.npy'");
  });

  it('escapeForMessage and oneLine are idempotent guards for a whole message', () => {
    const once = oneLine('error: a\u2028b\r\nc \\n');
    assert.equal(once, 'error: a\\u2028b\\r\\nc \\n');
    assert.equal(oneLine(once), once);
    assert.equal(escapeForMessage('x'.repeat(10), 4), 'xxxx…');
  });

  it("the host's oneLineError keeps one line for every separator (first line of a multi-line message, the rest escaped)", () => {
    for (const b of BREAKS) {
      const line = oneLineError(new NpyError(`bad${b}error: forged`));
      assert.ok(!LINE_BREAK.test(line), JSON.stringify(line));
    }
    assert.equal(oneLineError(new Error('first\nsecond')), 'first');
    assert.equal(oneLineError(new NpyError('a\u2028b')), 'a\\u2028b');
  });
});

describe('errorCodes: one remedy table for the CLI and the host', () => {
  it('every code has its entry; CLI remedies name flags, host remedies name settings or say what to do', () => {
    for (const [code, r] of Object.entries(ERROR_REMEDIES)) {
      if (code === 'cancelled') {
        assert.equal(r.cli, null);
        continue;
      }
      assert.match(r.cli ?? '', /^pass --[a-z-]+/, code);
      assert.ok(r.host && (r.host.setting || r.host.text), code);
      assert.ok(!(r.host?.text ?? '').includes('--'), `${code}: the host remedy names no CLI flag`);
    }
    assert.equal(cliRemedy('targetExists'), 'pass --force to overwrite');
    assert.equal(hostRemedy('headerTooLarge')?.setting, 'npyStudio.maxHeaderBytes');
    assert.equal(cliRemedy(undefined), null);
  });
});
