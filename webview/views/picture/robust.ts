// The heatmap's robust colour domain: the view's percentiles 1 and 99, from the statistics pass (a `stats`
// request, scope 'view', a job the host caches per file version, so the statistics and histogram views and this
// one share it). Asked for once per view and file version; a newer view cancels the request in flight.
import type { ViewSpec } from '../../../src/npy/view';
import { viewToWire, type StatsReply } from '../../../src/shared/protocol';
import type { PendingRequest, RequestChannel } from '../../hostChannel';
import type { ShownView } from '../registry';

/** The bins asked for: the histogram view's default, so its statistics are the same cache entry. */
const BINS = 64;

/** p1 and p99 of a reply as numbers (numpy's text parses exactly back), or null when they are not finite. */
export function robustDomain(reply: StatsReply): [number, number] | null {
  const f = reply.figures[0];
  if (!f) return null;
  const lo = Number(f.text.p1);
  const hi = Number(f.text.p99);
  return Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi ? [lo, hi] : null;
}

export class RobustDomain {
  private key = '';
  private pending: PendingRequest<'stats'> | null = null;

  constructor(
    private readonly channel: RequestChannel,
    private readonly found: (domain: [number, number] | null) => void,
  ) {}

  want(s: ShownView, spec: ViewSpec): void {
    const view = viewToWire(spec);
    const key = JSON.stringify([s.generation, view]);
    if (key === this.key) return;
    this.reset();
    this.key = key;
    const p = this.channel.request({
      type: 'stats',
      generation: s.generation,
      view,
      scope: 'view',
      bins: BINS,
      part: s.dtype.type === 'scalar' && s.dtype.kind === 'c' ? 'abs' : undefined,
    });
    this.pending = p;
    p.then(
      (reply) => {
        if (this.pending !== p) return;
        this.pending = null;
        this.found(robustDomain(reply));
      },
      () => {
        // Cancelled or failed: the domain stays the data's until asked again.
        if (this.pending !== p) return;
        this.pending = null;
        this.key = '';
      },
    );
  }

  /** Forget what was asked (another view, another file version). */
  reset(): void {
    const p = this.pending;
    this.pending = null;
    this.key = '';
    if (p) this.channel.cancel([p.requestId]);
  }
}
