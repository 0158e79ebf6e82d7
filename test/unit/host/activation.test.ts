import assert from 'node:assert/strict';
import Module from 'module';
import fs from 'fs';
import { join } from 'path';

// activate() runs in every window where hover and tooltips can be needed (package.json activationEvents), so
// it must only register things: this runs the real activate() against a stand-in `vscode` module that accepts
// any call, with every fs entry point spied on, and asserts no file was touched.

/** A value that is any function, constructor, object or promise the extension may ask vscode for. */
function anything(log: string[], path = 'vscode'): unknown {
  const target = function () {} as unknown as Record<string | symbol, unknown>;
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => path;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === 'push') return (...items: unknown[]) => items.length;
      return anything(log, `${path}.${String(prop)}`);
    },
    apply() {
      log.push(path);
      return anything(log, `${path}()`);
    },
    construct() {
      log.push(`new ${path}`);
      return anything(log, `new ${path}`) as object;
    },
  });
}

/** The module: every name of the vscode API, each `anything` (a namespace object is enumerable, as esModuleInterop copies it). */
function fakeVscode(log: string[]): unknown {
  const names = (
    'CancellationTokenSource Disposable EventEmitter FileDecoration FilePermission FileSystemError FileType Hover MarkdownString ' +
    'ProgressLocation QuickInputButtons QuickPickItemKind Range RelativePattern StatusBarAlignment TabInputCustom ThemeColor Uri ' +
    'ViewColumn commands env l10n languages window workspace extensions'
  ).split(' ');
  return Object.fromEntries(names.map((n) => [n, anything(log, `vscode.${n}`)]));
}

describe('host: activation', () => {
  it('activate() registers the viewer, commands, hover and tooltips without any file I/O', () => {
    const calls: string[] = [];
    const fake = fakeVscode(calls);
    const load = (Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown })._load;
    const io: string[] = [];
    const spied: [Record<string, unknown>, string, unknown][] = [];
    const spyAll = (obj: Record<string, unknown>, name: string): void => {
      for (const key of Object.keys(obj)) {
        const orig = obj[key];
        if (typeof orig !== 'function' || /^[A-Z]/.test(key) || key === 'constants') continue;
        spied.push([obj, key, orig]);
        obj[key] = function (this: unknown, ...args: unknown[]) {
          io.push(`${name}.${key}(${String(args[0]).slice(0, 80)})`);
          return (orig as (...a: unknown[]) => unknown).apply(this, args);
        };
      }
    };
    (Module as unknown as { _load: unknown })._load = (req: string, ...rest: unknown[]) => (req === 'vscode' ? fake : load(req, ...rest));
    const entry = join(__dirname, '../../../src/extension.ts');
    try {
      // Import first (module loading reads files), then spy: only what activate() itself does counts.
      const ext = require(entry) as { activate(ctx: unknown): void };
      spyAll(fs as unknown as Record<string, unknown>, 'fs');
      spyAll(fs.promises as unknown as Record<string, unknown>, 'fs.promises');
      const subscriptions: unknown[] = [];
      const uri = anything(calls, 'uri');
      ext.activate({ subscriptions, extensionUri: uri, extension: { packageJSON: { version: 'test' } }, globalStorageUri: uri, storageUri: uri });
      assert.deepEqual(io, [], `activate() touched files: ${io.join(', ')}`);
      // It did register what users need before anything is opened.
      for (const api of ['registerCustomEditorProvider', 'registerHoverProvider', 'registerFileDecorationProvider', 'registerCommand']) {
        assert.ok(
          calls.some((c) => c.endsWith(api)),
          `${api} was not called: ${calls.join(', ')}`,
        );
      }
      assert.ok(subscriptions.length >= 5);
    } finally {
      for (const [obj, key, orig] of spied) obj[key] = orig;
      (Module as unknown as { _load: unknown })._load = load;
      for (const k of Object.keys(require.cache)) if (k.includes('/src/')) delete require.cache[k];
    }
  });
});
