import assert from 'node:assert/strict';
import { performance } from 'perf_hooks';
import { parseHeaderBytes } from '../../../src/npy/header';

// The 1 MiB default header cap is safe only because parsing is linear: time per byte must not grow with the
// header's size. A quadratic step (string concatenation, re-scanning, per-field copies of the list) would make
// the 16× larger header cost 16× more per byte; linear parsing keeps the ratio near 1.

/** A version 2.0 .npy header of `fields` float32 fields with long names, as np.save writes wide records. */
function wideHeader(fields: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < fields; i++) parts.push(`('channel_${String(i).padStart(5, '0')}_${'x'.repeat(60)}', '<f4')`);
  let text = `{'descr': [${parts.join(', ')}], 'fortran_order': False, 'shape': (1,), }`;
  text += ' '.repeat((64 - ((12 + text.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(12 + text.length + fields * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
  new DataView(out.buffer).setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[12 + i] = text.charCodeAt(i);
  return out;
}

function bestNsPerByte(bytes: Uint8Array, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parseHeaderBytes(bytes, BigInt(bytes.length));
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / bytes.length;
}

describe('header: parse time scales linearly', () => {
  it('time per byte of a ~1 MiB header is within 3× of a ~64 KiB one (16× the size)', function () {
    this.timeout(60000);
    const small = wideHeader(700);
    const large = wideHeader(11200);
    assert.ok(large.length > 16 * 0.9 * small.length && large.length < (1 << 20) + 64 * 1024, `sizes ${small.length}, ${large.length}`);
    bestNsPerByte(small, 5); // warm up the JIT on both shapes
    bestNsPerByte(large, 2);
    const perByteSmall = bestNsPerByte(small, 15);
    const perByteLarge = bestNsPerByte(large, 7);
    assert.ok(perByteLarge < 3 * perByteSmall, `${perByteLarge.toFixed(1)} ns/byte at ${large.length} B vs ${perByteSmall.toFixed(1)} ns/byte at ${small.length} B`);
  });
});
