// The picture views, registered after the grid (webview/views/index.ts): heatmap (2-D views of numbers), image
// (RGB(A) on a last axis of 3 or 4, or grey uint8) and line plot (1-D views and a row of a 2-D view).
import type { Dtype } from '../../../src/npy/types';
import type { ArrayInfo } from '../../../src/shared/protocol';
import { t } from '../../strings';
import type { ViewDescriptor } from '../registry';
import { HeatmapColoring, numericDtype } from './heatmap';
import { ImageColoring, imageChannels, isUint8 } from './image';
import { LinePlot } from './line';
import { Plot2D } from './plot2d';

const shapeOf = (info: ArrayInfo): bigint[] => info.shape.map((s) => BigInt(s));

export const heatmapView: ViewDescriptor = {
  id: 'heatmap',
  get label() {
    return t('viewHeatmap');
  },
  supports: (info: ArrayInfo, dtype: Dtype) => numericDtype(dtype) && info.shape.length >= 2,
  mount: (container, ctx) => new Plot2D(container, ctx, new HeatmapColoring()),
};

export const imageView: ViewDescriptor = {
  id: 'image',
  get label() {
    return t('viewImage');
  },
  supports: (info: ArrayInfo, dtype: Dtype) =>
    numericDtype(dtype) && ((imageChannels(shapeOf(info)) > 1 && info.shape.length >= 3) || (isUint8(dtype) && info.shape.length >= 2)),
  mount: (container, ctx) => new Plot2D(container, ctx, new ImageColoring()),
};

export const lineView: ViewDescriptor = {
  id: 'line',
  get label() {
    return t('viewLine');
  },
  supports: (info: ArrayInfo, dtype: Dtype) => numericDtype(dtype) && info.shape.length >= 1,
  mount: (container, ctx) => new LinePlot(container, ctx),
};
