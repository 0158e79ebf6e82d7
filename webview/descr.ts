// ArrayInfo.descr (JSON form of numpy's descr) → Dtype for decoding cells in the webview, and its Python
// repr for the header panel. Reuses the engine's descr parser by rebuilding the Python value it expects.
import type { DescrJson, Dtype } from '../src/npy/types';
import { descrToDtype } from '../src/npy/dtype';
import type { PyValue } from '../src/npy/literal';
import { pyRepr } from '../src/npy/literal';

export function descrJsonToPy(d: DescrJson): PyValue {
  if (typeof d === 'string') return d;
  return d.map((field): PyValue => {
    const [rawName, type, shape] = field as [string | [string, string], DescrJson, number[] | undefined];
    const name: PyValue = typeof rawName === 'string' ? rawName : { tuple: [rawName[0], rawName[1]] };
    const items: PyValue[] = [name, descrJsonToPy(type)];
    if (shape !== undefined) items.push({ tuple: shape.map((n) => BigInt(n)) });
    return { tuple: items };
  });
}

export function dtypeFromDescrJson(d: DescrJson): Dtype {
  return descrToDtype(descrJsonToPy(d));
}

/** `'<f4'` or `[('x', '<f4'), ('pos', '<f8', (3,))]`, as numpy writes it in the header. */
export function descrRepr(d: DescrJson): string {
  return pyRepr(descrJsonToPy(d));
}
