import { watch, type FSWatcher } from 'chokidar';

export interface SolutionWatcher {
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Check the file's modification time every POLL_INTERVAL_MS instead of asking the OS for events. */
  poll: boolean;
  onSave(): void;
  /** Native watching failed (e.g. no inotify watches left); polling took over. */
  onFallbackToPolling(reason: string): void;
}

const POLL_INTERVAL_MS = 300;
/** An editor's save is often several writes (truncate, write, rename): they make one run. */
const DEBOUNCE_MS = 200;

/** Calls onSave once per save of `file`, watching natively when the system allows and polling otherwise. */
export function watchSolution(file: string, options: WatchOptions): SolutionWatcher {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher;
  const saved = () => {
    clearTimeout(timer);
    timer = setTimeout(options.onSave, DEBOUNCE_MS);
  };
  const start = (poll: boolean) => {
    watcher = watch(file, { usePolling: poll, interval: POLL_INTERVAL_MS, ignoreInitial: true });
    watcher.on('add', saved).on('change', saved);
    watcher.on('error', (error) => {
      if (poll) return;
      void watcher.close();
      options.onFallbackToPolling((error as Error).message);
      start(true);
    });
  };
  start(options.poll);
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
