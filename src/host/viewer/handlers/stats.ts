// The viewer's `stats` requests: the statistics engine (src/stats) as a webview job, its report turned into the
// protocol's strings (exactly the CLI's text per figure), and a cache of finished results per (member, file
// version, scope, view, options), so going back to a view or a member shows its figures at once. A result is
// never reused across file versions: `reset` drops them when the file changes on disk (and aborts jobs still
// reading the old version). Requests for the same figures while they are computed share one job; the job is
// aborted when every request waiting for it was cancelled. No vscode here: the session passes the job runner.
import type { ByteSource } from '../../../npy/io/byteSource';
import type { OpenedArray } from '../../../npy/open';
import { NpyError } from '../../../npy/types';
import { statsJob, type Figures, type StatsReport, type StatsRequest as EngineRequest } from '../../../stats/engine';
import { figuresTable, statText } from '../../../stats/report';
import { cancelledError, type Job } from '../../../shared/job';
import { STAT_KEYS, viewFromWire, type StatsReply, type StatsRequest, type StatKeyText, type WireFigures } from '../../../shared/protocol';

export interface StatsEntry {
  opened: OpenedArray;
  source: ByteSource;
}

/** Runs a job for the webview (progress, Cancel); `requestId` is the request it answers. */
export type StatsRunner = (title: string, job: Job<StatsReport>, signal: AbortSignal, requestId: number) => Promise<StatsReport>;
export type StatsCompute = (entry: StatsEntry, request: EngineRequest) => Job<StatsReport>;

export interface StatsTarget {
  entry: StatsEntry;
  /** The archive member ('' for a `.npy`). */
  member: string;
  /** The file's version (the document's generation): results of another version are stale. */
  version: number;
  /** The panel's generation, echoed in the reply. */
  generation: number;
  /** The job's title in the status bar. */
  title: string;
}

/** Finished results kept (each holds its histogram: bins are bounded by the view). */
export const STATS_CACHE_ENTRIES = 24;
const PARTS = ['real', 'imag', 'abs'] as const;

interface Running {
  version: number;
  ac: AbortController;
  promise: Promise<Omit<StatsReply, 'generation' | 'cached'>>;
  waiters: Set<number>;
}

type Result = Omit<StatsReply, 'generation' | 'cached'>;

export class StatsHandler {
  private readonly done = new Map<string, { version: number; result: Result }>();
  private readonly running = new Map<string, Running>();
  private readonly waiting = new Map<number, { key: string; reject(err: Error): void }>();

  constructor(
    private readonly run: StatsRunner,
    private readonly compute: StatsCompute = statsJob,
    private readonly maxEntries = STATS_CACHE_ENTRIES,
  ) {}

  /** The cache key: everything the figures depend on (the histogram's log scale is drawing only). */
  static key(target: Pick<StatsTarget, 'member' | 'version'>, req: StatsRequest): string {
    return JSON.stringify([target.member, target.version, req.scope, req.scope === 'view' ? req.view : null, req.bins, req.part ?? 'abs', req.field ?? null]);
  }

  /** Answer one request: from the cache, by joining the job computing it, or by starting that job. */
  handle(requestId: number, target: StatsTarget, req: StatsRequest): Promise<StatsReply> {
    const engineReq = engineRequest(req);
    const key = StatsHandler.key(target, req);
    const hit = this.done.get(key);
    if (hit) {
      // Most recently used last.
      this.done.delete(key);
      this.done.set(key, hit);
      return Promise.resolve({ ...hit.result, generation: target.generation, cached: true });
    }
    let r = this.running.get(key);
    if (!r) {
      const ac = new AbortController();
      const started: Running = { version: target.version, ac, waiters: new Set(), promise: Promise.resolve(null as unknown as Result) };
      started.promise = this.run(target.title, this.compute(target.entry, engineReq), ac.signal, requestId).then(
        (report) => {
          const result = toResult(report, req.scope);
          if (this.running.get(key) === started) {
            this.running.delete(key);
            this.store(key, target.version, result);
          }
          return result;
        },
        (err: unknown) => {
          if (this.running.get(key) === started) this.running.delete(key);
          throw err;
        },
      );
      this.running.set(key, started);
      r = started;
    }
    const job = r;
    job.waiters.add(requestId);
    return new Promise<StatsReply>((resolve, reject) => {
      this.waiting.set(requestId, { key, reject });
      job.promise.then(
        (result) => {
          if (!this.waiting.delete(requestId)) return;
          job.waiters.delete(requestId);
          resolve({ ...result, generation: target.generation, cached: false });
        },
        (err: unknown) => {
          if (!this.waiting.delete(requestId)) return;
          job.waiters.delete(requestId);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  /** The webview dropped these requests: they fail as cancelled; a job nobody waits for any more is aborted. */
  cancel(requestIds: Iterable<number>): void {
    for (const id of requestIds) {
      const w = this.waiting.get(id);
      if (!w) continue;
      this.waiting.delete(id);
      const r = this.running.get(w.key);
      w.reject(cancelledError('the statistics'));
      if (!r) continue;
      r.waiters.delete(id);
      if (r.waiters.size === 0) {
        r.ac.abort();
        this.running.delete(w.key);
      }
    }
  }

  /** The file is at `version` now: results and jobs of any other version are dropped (jobs aborted). */
  reset(version: number): void {
    for (const [key, d] of this.done) if (d.version !== version) this.done.delete(key);
    for (const [key, r] of this.running) {
      if (r.version === version) continue;
      r.ac.abort();
      this.running.delete(key);
    }
  }

  /** Finished results held (for tests). */
  get size(): number {
    return this.done.size;
  }

  dispose(): void {
    for (const r of this.running.values()) r.ac.abort();
    this.running.clear();
    this.done.clear();
  }

  private store(key: string, version: number, result: Result): void {
    this.done.set(key, { version, result });
    while (this.done.size > this.maxEntries) this.done.delete(this.done.keys().next().value as string);
  }
}

/** The protocol's request as the engine's, checked (the webview is not trusted to send sane values). */
export function engineRequest(req: StatsRequest): EngineRequest {
  if (req.scope !== 'array' && req.scope !== 'view') throw new NpyError(`unknown statistics scope '${String(req.scope)}'`);
  if (!Number.isSafeInteger(req.bins) || req.bins < 1 || req.bins > 100_000) throw new NpyError(`bins must be an integer from 1 to 100000, got ${String(req.bins)}`);
  if (req.part !== undefined && !PARTS.includes(req.part)) throw new NpyError(`unknown complex part '${String(req.part)}'`);
  if (req.field !== undefined && typeof req.field !== 'string') throw new NpyError('the field must be a name');
  return {
    view: req.scope === 'view' ? viewFromWire(req.view) : undefined,
    fields: req.field !== undefined ? [req.field] : undefined,
    part: req.part,
    bins: req.bins,
  };
}

function toResult(report: StatsReport, scope: StatsReply['scope']): Result {
  return {
    type: 'stats',
    scope,
    shape: report.shape.map(String),
    total: String(report.total),
    missing: String(report.missing),
    figures: report.figures.map(wireFigures),
  };
}

export function wireFigures(f: Figures): WireFigures {
  const text = {} as Record<StatKeyText, string>;
  for (const k of STAT_KEYS) text[k] = statText(f, k);
  const h = f.histogram;
  return {
    field: f.field,
    part: f.part,
    dtype: f.dtype,
    source: f.source,
    text,
    argminInArray: f.argminInArray && f.argminInArray.map(String),
    argmaxInArray: f.argmaxInArray && f.argmaxInArray.map(String),
    time: /^(datetime|timedelta)/.test(f.dtype),
    sumOverflowsNumpy: f.sumOverflowsNumpy,
    histogram: h && { edges: h.edges, edgeValues: h.edgeValues, counts: h.counts.map(String), widened: h.widened },
    table: figuresTable(f),
  };
}
