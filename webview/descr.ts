// ArrayInfo.descr (JSON form of numpy's descr) → Dtype for decoding cells in the webview, and its Python
// repr for the header panel. Reuses the engine's descr parser by rebuilding the Python value it expects.
import type { DescrJson, Dtype } from '../src/npy/types';
import { descrJsonToPy, descrToDtype } from '../src/npy/dtype';
import { pyRepr } from '../src/npy/literal';

/** The engine's (it also reads numpy's nested sub-array form `["x", ["<f8", [5]], [2]]`). */
export { descrJsonToPy };

export function dtypeFromDescrJson(d: DescrJson): Dtype {
  return descrToDtype(descrJsonToPy(d));
}

/** `'<f4'` or `[('x', '<f4'), ('pos', '<f8', (3,))]`, as numpy writes it in the header. */
export function descrRepr(d: DescrJson): string {
  return pyRepr(descrJsonToPy(d));
}
