// Export PNG and Copy picture, for every view that draws on a canvas (the picture frame's views and the histogram):
// the canvas as it is, saved through the host (a save dialog, written atomically) or put on the clipboard; the
// outcome goes to the viewer's note line, never a script error.
import { t } from '../../strings';
import type { ViewContext } from '../registry';
import { button, canCopyImages, copyCanvas, pngBytes } from './widgets';

/** The file stem a picture is saved under: the member's or the file's name without `.npy`. */
export function pictureStem(name: string | undefined): string {
  return (name ?? 'array').replace(/\.npy$/i, '');
}

export async function exportPicture(ctx: ViewContext, canvas: HTMLCanvasElement, name: string): Promise<void> {
  try {
    const bytes = await pngBytes(canvas);
    const reply = await ctx.channel.request({ type: 'savePicture', bytes, name });
    if (reply.path) ctx.setNote?.(t('picSaved', { path: reply.path }));
  } catch (e) {
    ctx.setNote?.(t('picError', { message: e instanceof Error ? e.message : String(e) }));
  }
}

export async function copyPicture(ctx: ViewContext, canvas: HTMLCanvasElement): Promise<void> {
  if (!canCopyImages()) {
    // Say so, and what works instead, rather than a script error (the host's clipboard takes text only).
    ctx.setNote?.(t('picCopyUnavailable'));
    return;
  }
  try {
    await copyCanvas(canvas);
    ctx.setNote?.(t('picCopied'));
  } catch (e) {
    ctx.setNote?.(t('picCopyFailed', { message: e instanceof Error ? e.message : String(e) }));
  }
}

/** The Export PNG and Copy picture buttons at the end of a control bar; `name()` is the PNG's file name. */
export function addPictureButtons(bar: HTMLElement, ctx: ViewContext, canvas: HTMLCanvasElement, name: () => string): void {
  button(bar, 'npy-pic-export', t('picExport')).addEventListener('click', () => void exportPicture(ctx, canvas, name()));
  button(bar, 'npy-pic-copy', t('picCopy')).addEventListener('click', () => void copyPicture(ctx, canvas));
}
