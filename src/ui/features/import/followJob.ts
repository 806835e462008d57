import type { ImportJob } from '../../../shared/importTypes';
import type { LedgerError } from '../../../shared/result';
import { api } from '../../api/client';

export const POLL_INTERVAL_MS = 200;

export type JobEnd = { job: ImportJob } | { error: LedgerError } | { stopped: true };

export interface JobWatch {
  /**
   * Settles with the job's last state (done, failed or cancelled), an error if the core stopped answering,
   * or `stopped` when stop() was called first.
   */
  finished: Promise<JobEnd>;
  /** Stops polling; the job itself keeps running unless cancelled in the core. */
  stop(): void;
}

/**
 * Polls an import job until it leaves 'running'. The core does the work off the request path, so the
 * window stays responsive and the progress bar moves; each answer goes to onUpdate.
 */
export function followJob(jobId: string, onUpdate: (job: ImportJob) => void): JobWatch {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: (end: JobEnd) => void = () => {};
  const finished = new Promise<JobEnd>((resolve) => {
    settle = resolve;
    const tick = async () => {
      if (stopped) return;
      const answer = await api.getImportJob({ jobId });
      if (stopped) return;
      if (!answer.ok) {
        resolve({ error: answer.error });
        return;
      }
      onUpdate(answer.data);
      if (answer.data.state === 'running') timer = setTimeout(() => void tick(), POLL_INTERVAL_MS);
      else resolve({ job: answer.data });
    };
    void tick();
  });
  return {
    finished,
    stop() {
      stopped = true;
      clearTimeout(timer);
      settle({ stopped: true });
    },
  };
}
