// The views this build ships, in switcher order (the first that supports an array is its default).
import { gridView } from './grid';
import { heatmapView, imageView, lineView } from './picture';
import { ViewRegistry } from './registry';

export function builtinViews(): ViewRegistry {
  return new ViewRegistry([gridView, heatmapView, imageView, lineView]);
}
