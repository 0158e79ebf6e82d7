import assert from 'node:assert/strict';
import { parsePyLiteral, pyRepr, pyStrRepr, isTuple } from '../../../src/npy/literal';
import type { PyValue } from '../../../src/npy/literal';
import { NpyError } from '../../../src/npy/types';
import { needsEscape } from '../../../src/shared/quote';
import { askNumpy } from '../../fixtures/header/oracle';

function rejects(text: string, pattern: RegExp, opts = {}): void {
  assert.throws(
    () => parsePyLiteral(text, opts),
    (e: unknown) => {
      assert.ok(e instanceof NpyError, `expected NpyError, got ${String(e)}`);
      assert.match(e.message, pattern);
      assert.ok(!/[\n\r\u0085\u2028\u2029]/.test(e.message), 'message must be one line');
      assert.ok(!needsEscape(e.message), `message must hold no control, separator or format character: ${JSON.stringify(e.message)}`);
      return true;
    },
  );
}

describe('literal: Python literal subset', () => {
  // Accepted inputs: our repr must equal Python's repr(ast.literal_eval(text)).
  const accepted = [
    "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }",
    "{'descr': '<f8', 'fortran_order': True, 'shape': (), }          \n",
    "{'shape': (3,), 'descr': [('x', '<f4'), ('id', '<u8', (2, 3))], 'fortran_order': False}",
    '  (1, 2,)',
    '(3)',
    '()',
    '((),)',
    '[]',
    '[1, [2, [3, (4,)]],]',
    '{}',
    "{'a': {'b': {'c': [True, False]}}}",
    '123456789012345678901234567890',
    '-7',
    '+7',
    '0',
    '000',
    '1_000_000',
    '0x1F',
    '0o17',
    '0b101',
    '"it\'s"',
    "'a\"b'",
    "'\\x41\\u00e9\\U0001F600\\101\\0\\n\\t\\r\\\\\\''",
    "'\\q unknown escape kept'",
    "u'unicode prefix'",
    // Raw strings (issue 12, item 10: numpy reads r'<f8'): backslashes stay, an escaped quote does not end it.
    "r'<f8'",
    "R'raw \\d \\n'",
    "r'a\\'b'",
    "r'''raw\\x\ntriple'''",
    "'é ü 日本 \u00a0 \u200b'",
    "'''triple ' quoted'''",
    '"""triple "" dq"""',
    "{'k': 1} # a comment",
    "{'k': 1,\n 'j': 2}",
    "'__proto__'",
    "{'__proto__': 1, 'constructor': 2, 'toString': 3}",
  ];
  let answers: { ok: boolean; repr?: string; error?: string }[] = [];
  before(() => {
    answers = askNumpy(accepted.map((text) => ({ op: 'literal' as const, text })));
  });

  accepted.forEach((text, i) => {
    it(`parses like ast.literal_eval: ${JSON.stringify(text).slice(0, 60)}`, () => {
      const a = answers[i];
      assert.ok(a.ok, `python rejected ${text}: ${a.error}`);
      assert.equal(pyRepr(parsePyLiteral(text)), a.repr);
    });
  });

  it('returns typed values: Map dicts, bigint ints, tuples, lists', () => {
    const v = parsePyLiteral("{'shape': (2, 18446744073709551616), 'l': [1], 'b': True, 's': 'x'}");
    assert.ok(v instanceof Map);
    const shape = v.get('shape')!;
    assert.ok(isTuple(shape));
    assert.deepEqual(shape.tuple, [2n, 18446744073709551616n]);
    assert.deepEqual(v.get('l'), [1n]);
    assert.equal(v.get('b'), true);
    assert.equal(v.get('s'), 'x');
  });

  it('keeps __proto__ as a plain key with no prototype pollution', () => {
    const v = parsePyLiteral("{'__proto__': {'polluted': True}, 'constructor': 1}") as Map<string, PyValue>;
    assert.ok(v.get('__proto__') instanceof Map);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('(x) is x, (x,) is a tuple', () => {
    assert.equal(parsePyLiteral("('<f4')"), '<f4');
    assert.deepEqual(parsePyLiteral('(3,)'), { tuple: [3n] });
    assert.deepEqual(parsePyLiteral('()'), { tuple: [] });
  });

  it('accepts the Python 2 L suffix only when asked', () => {
    assert.deepEqual(parsePyLiteral('(3L, 4L)', { allowLongSuffix: true }), { tuple: [3n, 4n] });
    rejects('(3L, 4L)', /'L' suffix/);
  });

  it("the L suffix as numpy's filter drops it: a NAME `L` after a number, also spaced; never a lower-case l", () => {
    const long = { allowLongSuffix: true };
    assert.deepEqual(parsePyLiteral('(3 L, 0x10L, 1_0\tL)', long), { tuple: [3n, 16n, 10n] });
    rejects('(1l,)', /malformed number/, long); // issue 12, item 10: numpy refuses `1l`
    rejects('(1LL,)', /malformed number/, long);
    rejects('(1 LL,)', /expected ','/, long);
    rejects('(1 L,)', /expected ','/);
  });

  it("line structure after and before the literal, as Python's tokenizer (issue 12, item 10: trailing \\r\\t)", () => {
    const long = { allowLongSuffix: true };
    rejects('{}\r\t', /unexpected indent/);
    rejects('{}\r\t', /unexpected indent/, long); // numpy's filter does not help after a lone \r
    rejects('{}\n ', /unexpected indent/);
    assert.doesNotThrow(() => parsePyLiteral('{}\n ', long)); // ... but does after \n
    for (const ok of ['{}\r\t\n', '{}\t\r', '{}\r', '{}\r #c', '{}\r \f', '{}\n\n', '{} \\\n ', '  {}', '\\\n{}']) {
      assert.doesNotThrow(() => parsePyLiteral(ok), JSON.stringify(ok));
    }
    rejects('{}\\\n', /line continuation at the end/);
    rejects('\n {}', /unexpected indent before/);
    rejects('\f {}', /unexpected indent before/);
    assert.doesNotThrow(() => parsePyLiteral('\f {}', long));
  });

  describe('rejects everything else with one-line NpyError', () => {
    const cases: [string, RegExp][] = [
      ["__import__('os').system('touch /tmp/pwned')", /name "__import__" is not allowed/],
      ["{'descr': __import__('os').system('id'), 'shape': ()}", /name "__import__" is not allowed/],
      ["{'a': os.system}", /name "os" is not allowed/],
      ["{'a': 'x'.join}", /attribute access/],
      ["{'a': (1).bit_length()}", /attribute access|floats/],
      ["{'a': 1}['a']", /unexpected text/],
      ["{'a': len('x')}", /name "len"/],
      ['lambda: 0', /name "lambda"/],
      ['None', /name "None"/],
      ['1.5', /floats/],
      ['1e3', /floats/],
      ['1j', /floats and complex/],
      ['.5', /floats/],
      ['2**70', /expected ',' or|unexpected text/],
      ['1+1', /unexpected text/],
      ['{1, 2}', /dict keys must be strings|sets/],
      ["{'a', 'b'}", /sets are not allowed/],
      ['{1: 2}', /dict keys must be strings/],
      ["{'a': 1, 'a': 2}", /duplicate key "a"/],
      ["{'a': 1", /expected ',' or '}'|unclosed/],
      ["{'a' 1}", /expected ':'/],
      ['[1, 2', /unclosed|expected/],
      ['(1, 2', /unclosed|expected/],
      ['(,)', /unexpected character/],
      ['[1,,2]', /unexpected character/],
      ["'unterminated", /unterminated string/],
      ["'line\nbreak'", /unterminated string/],
      ["b'bytes'", /string prefix "b" is not allowed/],
      ["f'{x}'", /string prefix "f" is not allowed/],
      ["rb'raw bytes'", /string prefix "rb" is not allowed/],
      ["ur'py2 only'", /string prefix "ur" is not allowed/],
      // Issue 12, item 4: the prefix error quoted the raw character, so one error printed as two lines.
      ["{'a': \u2028'x'}", /string prefix "\\u2028" is not allowed/],
      ["{'a': \u0085'x'}", /string prefix "\\x85" is not allowed/],
      ["{'a': \u2029\u202e'x'}", /string prefix "\\u2029\\u202e" is not allowed/],
      ["'\\N{BULLET}'", /\\N\{\.\.\.\} escapes/],
      ["'\\x4'", /truncated \\x escape/],
      ["'\\U00110000'", /outside the Unicode range/],
      ['012', /malformed number/],
      ['0x', /malformed number|expected an integer/],
      ['1__0', /malformed number/],
      ['1_', /malformed number/],
      ['', /expected a value/],
      ['   ', /expected a value/],
      ["'a' 'b'", /unexpected text/],
      ['{}{}', /unexpected text/],
      ['\u0000', /unexpected character/],
      ['\ufeff{}', /name|unexpected character/],
      ['[' + '1'.repeat(5000) + ']', /too long|malformed/],
      ['True()', /calls and subscripts|unexpected text/],
      ['[...]', /unexpected character|floats/],
      ['@', /unexpected character/],
    ];
    for (const [text, pattern] of cases) {
      it(`rejects ${JSON.stringify(text).slice(0, 50)}`, () => rejects(text, pattern));
    }

    it('rejects nesting past maxDepth (default 64) without a stack overflow', () => {
      rejects('['.repeat(65) + ']'.repeat(65), /nesting deeper than 64 levels/);
      rejects('('.repeat(100000), /nesting deeper than 64 levels/);
      assert.doesNotThrow(() => parsePyLiteral('['.repeat(64) + ']'.repeat(64)));
      rejects('[[[]]]', /nesting deeper than 2 levels/, { maxDepth: 2 });
    });

    it('rejects input over maxLength', () => rejects('[1, 2, 3]', /too long/, { maxLength: 4 }));

    it('messages stay on one line even for Unicode line separators', () => {
      rejects('{\u2028\u2029\u0085: 1}', /unexpected character|name/);
      rejects("{'a': x\u2028y}", /name/);
    });

    it('error messages quote the offending text on one line', () => {
      rejects("{'a':\n\n  evil\n}", /name "evil" is not allowed .* at offset 9/);
    });
  });
});

describe('literal: pyStrRepr matches Python repr()', () => {
  const values = [
    '',
    'plain',
    "it's",
    'say "hi"',
    'both \' and "',
    'back\\slash',
    'tab\tnl\ncr\r',
    '\x00\x01\x1f\x7f',
    '\x80\x9f\xa0\xad\xff',
    'é日本語',
    '\u200b\u2028\u2029\ufeff\ue000',
    '\u{1F600}\u{10FFFF}\u{E0001}',
    '\u0378',
    '\ud800',
  ];
  let answers: { ok: boolean; repr?: string; error?: string }[] = [];
  before(function () {
    // Lone surrogates cannot be sent as JSON strings reliably; Python gets '\ud800' via JSON escape, which is fine.
    answers = askNumpy(values.map((value) => ({ op: 'repr' as const, value })));
  });
  values.forEach((v, i) => {
    it(`repr ${JSON.stringify(v)}`, () => {
      assert.ok(answers[i].ok, answers[i].error);
      assert.equal(pyStrRepr(v), answers[i].repr);
    });
  });
});
