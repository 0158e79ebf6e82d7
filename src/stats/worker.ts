// The statistics worker thread (bundled as dist/statsWorker.js): runs the kernels of src/stats/kernel.ts on the
// chunks the engine posts, one job state per job id, and answers every request by its id. Chunks arrive in slots
// of this thread's shared WebAssembly memory, or as transferred buffers that go back for reuse (src/stats/protocol.ts).
import { parentPort } from 'worker_threads';
import { handle, type JobEntry, type WorkerReply, type WorkerRequest } from './protocol';

if (parentPort) {
  const port = parentPort;
  const jobs = new Map<number, JobEntry>();
  port.on('message', (msg: WorkerRequest) => {
    const rid = 'rid' in msg ? msg.rid : -1;
    try {
      const { value, buf } = handle(jobs, msg);
      if (rid >= 0) {
        const reply: WorkerReply = { rid, ok: true, value, buf };
        port.postMessage(reply, buf ? [buf] : []);
      }
    } catch (e) {
      if ('job' in msg) jobs.delete(msg.job);
      if (rid >= 0) port.postMessage({ rid, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
}
