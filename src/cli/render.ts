// `render FILE … --out OUT.png`: a PNG of a view with the picture engine (src/picture): heatmaps (view rows down,
// row 0 at the top, columns across), RGB(A) / grey images, and line plots (M4 envelope). Each pixel reduces its
// block (`--reduce max` by default for heatmaps, `mean` for images), or takes one element (`sample`); when the
// size equals the view's shape each pixel is one element. A view smaller than the size asked for is enlarged by
// repeating pixels. The PNG is written atomically, never over an existing file without --force.
import { deflateSync } from 'zlib';
import { openPathContainer } from '../npy/container';
import { checkTarget, writeAtomic, writeFully } from '../npy/write/atomic';
import { parseSlice, formatSlice } from '../npy/slice';
import { defaultView, resolveView, type ViewSpec } from '../npy/view';
import { NpyError } from '../npy/types';
import { shapeText } from '../shared/text';
import { quoteForMessage } from '../shared/quote';
import {
  checkDomain,
  colorize,
  defaultDomain,
  drawPicture,
  encodePng,
  evenBins,
  imageRgba,
  lineEnvelope,
  lineOfView,
  lineRgba,
  numericDecoder,
  parseColormap,
  parseScale,
  pictureGeometry,
  pictureSource,
  resizeNearest,
  resolveImageView,
  sampleLine,
  DEFAULT_COLORMAP,
  MAX_PICTURE_SIDE,
  type ColorMapping,
  type Reduce,
} from '../picture';
import { parseCommandArgs } from './args';
import { entryName } from './member';
import { READ_OPTIONS, READ_USAGE, headerLimit } from './open';
import { runJob } from './progress';
import { blockRunner } from '../stats/pool';

export const USAGE =
  'render FILE [--member KEY] [--slice EXPR] [--view heatmap|image|line] [--colormap NAME] [--invert] ' +
  '[--scale linear|log|symlog|sqrt] [--linthresh X] [--center C] [--domain=LO,HI] [--reduce sample|mean|max|min] ' +
  `[--width W] [--height H] --out OUT.png [--force] ${READ_USAGE}`;

const VIEWS = ['heatmap', 'image', 'line'] as const;
type ViewKind = (typeof VIEWS)[number];

/** The longest side of a picture whose size is not given. */
const DEFAULT_SIDE = 1024;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new NpyError(`--${name} must be a number, got ${quoteForMessage(value)}`);
  return n;
}

function sizeOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_PICTURE_SIDE)
    throw new NpyError(`--${name} must be an integer from 1 to ${MAX_PICTURE_SIDE}, got ${quoteForMessage(value)}`);
  return n;
}

function domainOption(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',');
  const nums = parts.map((p) => Number(p));
  if (parts.length !== 2 || parts.some((p) => p.trim() === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new NpyError(`--domain must be LO,HI (two numbers; write --domain=-1,1 for a negative low end), got ${quoteForMessage(value)}`);
  }
  return [nums[0], nums[1]];
}

/** Width × height for a view of rows × cols: as given, else the view's own size within DEFAULT_SIDE, aspect kept. */
function pictureSize(rows: bigint, cols: bigint, width?: number, height?: number): [number, number] {
  const r = Number(rows);
  const c = Number(cols);
  const clamp = (x: number): number => Math.max(1, Math.min(MAX_PICTURE_SIDE, Math.round(x)));
  if (width !== undefined && height !== undefined) return [width, height];
  if (width !== undefined) return [width, clamp((r * width) / c)];
  if (height !== undefined) return [clamp((c * height) / r), height];
  const s = Math.min(1, DEFAULT_SIDE / Math.max(r, c));
  return [clamp(c * s), clamp(r * s)];
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    member: { type: 'string' },
    slice: { type: 'string' },
    view: { type: 'string' },
    colormap: { type: 'string' },
    invert: { type: 'boolean' },
    scale: { type: 'string' },
    linthresh: { type: 'string' },
    center: { type: 'string' },
    domain: { type: 'string' },
    reduce: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    ...READ_OPTIONS,
  });
  if (positionals.length !== 1) throw new NpyError(`usage: ${USAGE}`);
  if (!values.out) throw new NpyError(`--out is required; usage: ${USAGE}`);
  const kind = (values.view ?? 'heatmap') as ViewKind;
  if (!VIEWS.includes(kind)) throw new NpyError(`--view must be heatmap, image or line, got ${quoteForMessage(kind)}`);
  const cmap = parseColormap(values.colormap ?? DEFAULT_COLORMAP);
  const scale = parseScale(values.scale ?? 'linear');
  const linthresh = numberOption(values.linthresh, 'linthresh');
  const center = numberOption(values.center, 'center');
  const domainGiven = domainOption(values.domain);
  const reduceText = values.reduce ?? (kind === 'image' ? 'mean' : 'max');
  if (!['sample', 'mean', 'max', 'min'].includes(reduceText)) throw new NpyError(`--reduce must be sample, mean, max or min, got ${quoteForMessage(reduceText)}`);
  const reduce = reduceText as Reduce | 'sample';
  const width = sizeOption(values.width, 'width');
  const height = sizeOption(values.height, 'height');
  if (kind === 'image' && scale !== 'linear') throw new NpyError('an image maps its channels linearly; --scale applies to heatmaps and lines');
  if (kind === 'line' && scale !== 'linear' && scale !== 'log') throw new NpyError("a line plot's y axis is linear or log");
  if (domainGiven) checkDomain(kind === 'image' ? 'linear' : scale, domainGiven, kind === 'heatmap' ? center : undefined);
  const out = values.out;
  const force = !!values.force;
  // Refuse an existing target before any work (and again, atomically, when the file is published).
  await checkTarget(out, force);

  const limits = { maxHeaderSize: headerLimit(values['max-header-size']) };
  const container = await openPathContainer(positionals[0], limits);
  let rgba: Uint8Array | Uint8ClampedArray;
  let W: number;
  let H: number;
  let summary: string;
  try {
    const entry = await container.open(entryName(container, values.member), limits);
    const { header } = entry.opened;
    if (entry.opened.dataError) throw new NpyError(entry.opened.dataError);
    numericDecoder(header.dtype);
    const shape = header.shape;
    const structured = header.dtype.type !== 'scalar';

    if (kind === 'image') {
      const img = resolveImageView(shape, header.fortranOrder, header.dtype, values.slice);
      const { view } = img;
      if (view.rows === 0n || view.cols === 0n) throw new NpyError(`the view is empty (${view.rows} × ${view.cols}): nothing to draw`);
      [W, H] = pictureSize(view.rows, view.cols, width, height);
      const src = pictureSource(entry, view, img.channels, img.channelStride);
      const geom = pictureGeometry({ row0: 0n, rows: view.rows, col0: 0n, cols: view.cols }, W, H);
      const pic = await runJob('render', drawPicture(src, geom, reduce, { blocks: blockRunner() }));
      const dt = header.dtype;
      const raw = dt.type === 'scalar' && dt.kind === 'u' && dt.itemsize === 1 && !domainGiven;
      const domain = domainGiven ?? defaultDomain(pic.range, 'linear');
      rgba = imageRgba(pic.values, pic.width * pic.height, pic.channels, raw ? { raw: true } : { domain });
      if (pic.width !== W || pic.height !== H) rgba = resizeNearest(rgba, pic.width, pic.height, W, H);
      const what = img.channels === 1 ? 'grey' : img.channels === 3 ? 'RGB' : 'RGBA';
      summary = `${what} image ${shapeText([view.rows, view.cols])}, ${raw ? 'uint8 as is' : `domain ${domain[0]},${domain[1]}`}, ${pic.level}, ${pic.reduce}`;
    } else {
      const spec: ViewSpec = values.slice !== undefined ? parseSlice(values.slice, shape, { structured }) : defaultView(shape, structured);
      const view = resolveView(shape, header.fortranOrder, header.dtype, spec);
      const sliceText = formatSlice(spec, shape);
      if (kind === 'line') {
        const line = lineOfView(view);
        if (line.count === 0n) throw new NpyError('the view is empty: nothing to draw');
        W = width ?? DEFAULT_SIDE;
        H = height ?? 256;
        const src = pictureSource(entry, view);
        let env;
        if (reduce === 'sample') {
          const bins = evenBins(Number(line.count), W);
          const s = await sampleLine(src, line, bins);
          // One element per bucket: first = last = min = max.
          env = {
            buckets: bins.count,
            bins,
            start: 0,
            firstIndex: s.indices,
            first: s.values,
            lastIndex: s.indices,
            last: s.values,
            minIndex: s.indices,
            min: s.values,
            maxIndex: s.indices,
            max: s.values,
            range: s.range,
            missing: s.missing,
          };
        } else {
          env = await runJob('render', lineEnvelope(src, line, W, undefined, { positiveMin: scale === 'log', blocks: blockRunner() }));
        }
        const domain = domainGiven ?? defaultDomain(env.range, scale);
        rgba = lineRgba(env, W, H, { domain, log: scale === 'log' });
        summary = `line of ${sliceText} (${line.count} elements), y ${scale} ${domain[0]},${domain[1]}, ${reduce === 'sample' ? 'sampled' : 'M4 envelope'}`;
      } else {
        if (spec.rowAxis === null || spec.colAxis === null) {
          throw new NpyError(`a heatmap needs a 2-D view; ${sliceText} of shape ${shapeText(shape)} is ${spec.rowAxis === null ? '0' : '1'}-D (try --view line)`);
        }
        if (view.rows === 0n || view.cols === 0n) throw new NpyError(`the view is empty (${view.rows} × ${view.cols}): nothing to draw`);
        [W, H] = pictureSize(view.rows, view.cols, width, height);
        const src = pictureSource(entry, view);
        const geom = pictureGeometry({ row0: 0n, rows: view.rows, col0: 0n, cols: view.cols }, W, H);
        const pic = await runJob('render', drawPicture(src, geom, reduce, { positiveMin: scale === 'log', blocks: blockRunner() }));
        const domain = domainGiven ?? defaultDomain(pic.range, scale);
        if (center !== undefined) checkDomain(scale, domain, center);
        const mapping: ColorMapping = { colormap: cmap.name, invert: cmap.invert !== !!values.invert, scale, domain, linthresh, center };
        rgba = colorize(pic.values, mapping);
        if (pic.width !== W || pic.height !== H) rgba = resizeNearest(rgba, pic.width, pic.height, W, H);
        summary =
          `heatmap of ${sliceText} ${shapeText([view.rows, view.cols])}, ${cmap.name}${mapping.invert ? ' inverted' : ''} ${scale}` +
          ` domain ${domain[0]},${domain[1]}${domainGiven ? '' : ` (${pic.level === 'exact' ? 'exact' : 'sampled'} data)`}, ${pic.level}, ${pic.reduce}`;
      }
    }
  } finally {
    await container.close();
  }
  const png = encodePng(W, H, rgba, (d) => deflateSync(d, { level: 6 }));
  await writeAtomic(out, { force }, (file) => writeFully(file.handle, png, 0));
  process.stdout.write(`wrote ${out}: ${W} × ${H} ${summary}\n`);
  return 0;
}
