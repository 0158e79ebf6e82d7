// Read-only internals for the webview test layer (test/webview), installed as `window.__npy` only when the test
// page sets `window.__npyTestHooks = true` before the bundle runs; a real webview never does.
import type { App } from './app';

export function testHooksRequested(): boolean {
  return (window as unknown as { __npyTestHooks?: unknown }).__npyTestHooks === true;
}

export function installTestHooks(app: () => App | undefined): void {
  const hook = (name: string): unknown => app()?.activeView?.mounted.testHooks?.[name];
  (window as unknown as { __npy: unknown }).__npy = {
    get app() {
      return app();
    },
    /** The grid view's Grid and TileStore (undefined while another view, or none, is active). */
    get grid() {
      return hook('grid');
    },
    get tiles() {
      return hook('tiles');
    },
    get view() {
      return app()?.view ?? null;
    },
    get resolved() {
      return app()?.resolved ?? null;
    },
  };
}
