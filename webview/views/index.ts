// The views this build ships, in switcher order (the first that supports an array is its default).
import { gridView } from './grid';
import { histogramView } from './histogram';
import { heatmapView, imageView, lineView } from './picture';
import { ViewRegistry } from './registry';
import { statsView } from './stats';

export function builtinViews(): ViewRegistry {
  return new ViewRegistry([gridView, statsView, heatmapView, imageView, lineView, histogramView]);
}
