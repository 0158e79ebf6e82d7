// Where a picture sits on its canvas: `scale` CSS pixels per element, and the element coordinates (x0 = column,
// y0 = row, fractional) at the canvas's top-left corner. Pure math, shared by the heatmap, the image and (x only)
// the line plot; tested in test/unit/webview.

export interface Viewport {
  scale: number;
  x0: number;
  y0: number;
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
export function fitViewport(rows: number, cols: number, w: number, h: number): Viewport {
  const scale = Math.min(w / cols, h / rows);
  return { scale, x0: -(w / scale - cols) / 2, y0: -(h / scale - rows) / 2 };
}

/** Zoom by `factor` about canvas point (px, py): the element under it stays under it. */
export function zoomAt(vp: Viewport, px: number, py: number, factor: number, minScale: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(minScale, vp.scale * factor));
  const ex = vp.x0 + px / vp.scale;
  const ey = vp.y0 + py / vp.scale;
  return { scale, x0: ex - px / scale, y0: ey - py / scale };
}

/** Move by (dx, dy) CSS pixels (a drag): the picture follows the pointer. */
export function panBy(vp: Viewport, dx: number, dy: number): Viewport {
  return { scale: vp.scale, x0: vp.x0 - dx / vp.scale, y0: vp.y0 - dy / vp.scale };
}

/** Keep some of the view of rows × cols on a w × h canvas (a quarter of the canvas, or all of the view). */
export function clampViewport(vp: Viewport, rows: number, cols: number, w: number, h: number): Viewport {
  const vw = w / vp.scale;
  const vh = h / vp.scale;
  const keepX = Math.min(cols, vw / 4);
  const keepY = Math.min(rows, vh / 4);
  return {
    scale: vp.scale,
    x0: Math.min(cols - keepX, Math.max(keepX - vw, vp.x0)),
    y0: Math.min(rows - keepY, Math.max(keepY - vh, vp.y0)),
  };
}

/** The elements of the view that show on a w × h canvas (null when none). */
export function visibleRegion(vp: Viewport, rows: number, cols: number, w: number, h: number): ElementRegion | null {
  const r0 = Math.max(0, Math.floor(vp.y0));
  const r1 = Math.min(rows, Math.ceil(vp.y0 + h / vp.scale));
  const c0 = Math.max(0, Math.floor(vp.x0));
  const c1 = Math.min(cols, Math.ceil(vp.x0 + w / vp.scale));
  if (r1 <= r0 || c1 <= c0) return null;
  return { row0: r0, rows: r1 - r0, col0: c0, cols: c1 - c0 };
}

/** Device pixels the region covers on screen (at most one per element, at least one). */
export function pixelSize(region: ElementRegion, vp: Viewport, dpr: number, max = 8192, maxPixels = 1 << 23): { width: number; height: number } {
  let d = dpr;
  const side = (n: number): number => Math.max(1, Math.min(n, max, Math.ceil(n * vp.scale * d)));
  // The host's bound on a request (a very large high-DPI canvas draws at a lower density).
  while (side(region.cols) * side(region.rows) > maxPixels) d *= 0.8;
  return { width: side(region.cols), height: side(region.rows) };
}

/** The element (row, col) under canvas point (px, py), or null outside the view. */
export function elementAt(vp: Viewport, px: number, py: number, rows: number, cols: number): { row: number; col: number } | null {
  const col = Math.floor(vp.x0 + px / vp.scale);
  const row = Math.floor(vp.y0 + py / vp.scale);
  if (row < 0 || col < 0 || row >= rows || col >= cols) return null;
  return { row, col };
}
