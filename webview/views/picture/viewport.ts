// Where a picture sits on its canvas: `scale` CSS pixels per element, and the element coordinates (x0 = column,
// y0 = row, fractional) at the canvas's top-left corner. Pure math, shared by the heatmap, the image and (x only)
// the line plot; tested in test/unit/webview.

export interface Viewport {
  scale: number;
  x0: number;
  y0: number;
  /** Aspect 'fill': rows are this many times taller than columns are wide (absent: 1, square elements). */
  stretch?: number;
}

/** CSS pixels per row (per column it is `scale`). */
export function rowScale(vp: Viewport): number {
  return vp.scale * (vp.stretch ?? 1);
}

/** A region of a view in whole elements. */
export interface ElementRegion {
  row0: number;
  rows: number;
  col0: number;
  cols: number;
}

/** Largest zoom: this many CSS pixels per element. */
export const MAX_SCALE = 256;

/** The whole view of rows × cols, aspect kept, centred in w × h CSS pixels. */
export function fitViewport(rows: number, cols: number, w: number, h: number, fill = false): Viewport {
  // Fill: the view spans the canvas both ways, elements as tall as that makes them.
  if (fill) return { scale: w / cols, x0: 0, y0: 0, stretch: h / rows / (w / cols) };
  const scale = Math.min(w / cols, h / rows);
  return { scale, x0: -(w / scale - cols) / 2, y0: -(h / scale - rows) / 2 };
}

/** Zoom by `factor` about canvas point (px, py): the element under it stays under it. */
export function zoomAt(vp: Viewport, px: number, py: number, factor: number, minScale: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(minScale, vp.scale * factor));
  const st = vp.stretch ?? 1;
  const ex = vp.x0 + px / vp.scale;
  const ey = vp.y0 + py / (vp.scale * st);
  return { ...vp, scale, x0: ex - px / scale, y0: ey - py / (scale * st) };
}

/** Move by (dx, dy) CSS pixels (a drag): the picture follows the pointer. */
export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { ...vp, x0: vp.x0 - dx / vp.scale, y0: vp.y0 - dy / rowScale(vp) };
}

/** Keep some of the view of rows × cols on a w × h canvas (a quarter of the canvas, or all of the view). */
export function clampViewport(vp: Viewport, rows: number, cols: number, w: number, h: number): Viewport {
  const vw = w / vp.scale;
  const vh = h / rowScale(vp);
  const keepX = Math.min(cols, vw / 4);
  const keepY = Math.min(rows, vh / 4);
  return {
    ...vp,
    x0: Math.min(cols - keepX, Math.max(keepX - vw, vp.x0)),
    y0: Math.min(rows - keepY, Math.max(keepY - vh, vp.y0)),
  };
}

/** The elements of the view that show on a w × h canvas (null when none). */
export function visibleRegion(vp: Viewport, rows: number, cols: number, w: number, h: number): ElementRegion | null {
  const r0 = Math.max(0, Math.floor(vp.y0));
  const r1 = Math.min(rows, Math.ceil(vp.y0 + h / rowScale(vp)));
  const c0 = Math.max(0, Math.floor(vp.x0));
  const c1 = Math.min(cols, Math.ceil(vp.x0 + w / vp.scale));
  if (r1 <= r0 || c1 <= c0) return null;
  return { row0: r0, rows: r1 - r0, col0: c0, cols: c1 - c0 };
}

/** Device pixels the region covers on screen (at most one per element, at least one). */
export function pixelSize(region: ElementRegion, vp: Viewport, dpr: number, max = 8192, maxPixels = 1 << 23): { width: number; height: number } {
  let d = dpr;
  const side = (n: number, s: number): number => Math.max(1, Math.min(n, max, Math.ceil(n * s * d)));
  const ys = rowScale(vp);
  // The host's bound on a request (a very large high-DPI canvas draws at a lower density).
  while (side(region.cols, vp.scale) * side(region.rows, ys) > maxPixels) d *= 0.8;
  return { width: side(region.cols, vp.scale), height: side(region.rows, ys) };
}

/** The element (row, col) under canvas point (px, py), or null outside the view. */
export function elementAt(vp: Viewport, px: number, py: number, rows: number, cols: number): { row: number; col: number } | null {
  const col = Math.floor(vp.x0 + px / vp.scale);
  const row = Math.floor(vp.y0 + py / rowScale(vp));
  if (row < 0 || col < 0 || row >= rows || col >= cols) return null;
  return { row, col };
}

/**
 * The viewport showing the box between canvas points (ax, ay) and (bx, by) of `vp` (a shift-drag): the box's
 * elements fill the canvas, centred, with square elements (or stretched to fill both ways when `fill`).
 */
export function boxViewport(vp: Viewport, ax: number, ay: number, bx: number, by: number, w: number, h: number, fill: boolean): Viewport {
  const ys = rowScale(vp);
  const c0 = vp.x0 + Math.min(ax, bx) / vp.scale;
  const c1 = vp.x0 + Math.max(ax, bx) / vp.scale;
  const r0 = vp.y0 + Math.min(ay, by) / ys;
  const r1 = vp.y0 + Math.max(ay, by) / ys;
  const bw = Math.max(c1 - c0, 1e-9);
  const bh = Math.max(r1 - r0, 1e-9);
  if (fill) {
    const scale = Math.min(MAX_SCALE, w / bw);
    const rs = Math.min(MAX_SCALE, h / bh);
    return { scale, stretch: rs / scale, x0: (c0 + c1) / 2 - w / scale / 2, y0: (r0 + r1) / 2 - h / rs / 2 };
  }
  const scale = Math.min(MAX_SCALE, w / bw, h / bh);
  return { scale, x0: (c0 + c1) / 2 - w / scale / 2, y0: (r0 + r1) / 2 - h / scale / 2 };
}
