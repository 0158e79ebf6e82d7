// Types for bench/write.mjs (called by bench/run.ts).
export interface WriteBenchRow {
  task: string;
  ours: number | string;
  numpy: number | string;
  unit?: string;
  ratio?: string;
}
export function benchWrite(): Promise<WriteBenchRow[]>;
