import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * pdfmake holds a whole laid-out document in memory while it renders, and V8 grows its heap
 * lazily, so a 1,000-indicator pack peaked at ~750 MB although the data alive was well under half
 * that. Rendering calls `relieve()` now and then; when the heap has grown to 1.6 times what
 * survived the last full collection (and past 300 MB), it collects, keeping the heap near its live
 * size at little cost (a few collections per large pack, none for small ones). The collector is
 * reached the way Jest reaches it for --logHeapUsage.
 */
const FLOOR = 300 * 1048576;

/** The heap in use, as process.memoryUsage() has it without also reading the process's RSS (milliseconds, on a busy machine). */
const heapUsed = () => v8.getHeapStatistics().used_heap_size;

export function memoryValve(): () => void {
  let gc: (() => void) | undefined;
  let mark = FLOOR;
  let calls = 0;
  return () => {
    if (++calls % 10 !== 0 || heapUsed() < mark) return;
    if (!gc) {
      v8.setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
    mark = Math.max(FLOOR, 1.6 * heapUsed());
  };
}
