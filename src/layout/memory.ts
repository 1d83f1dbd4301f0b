import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pdfmakePrototype } from './pdfmakeInternals.js';

/**
 * pdfmake lays a whole document out before it renders any of it, and V8 grows its heap lazily, so
 * a 1,000-indicator pack peaked at ~750 MB although the data alive was well under half that. The
 * valve is opened as lines are placed and as charts are drawn; when the heap has grown past what
 * survived the last full collection by a quarter (and past 300 MB), it collects, keeping the heap
 * near its live size at little cost (a few collections for a large pack, none for a small one).
 * The collector is reached the way Jest reaches it for --logHeapUsage.
 */
const FLOOR = 300 * 1048576;
const FACTOR = 1.25;

/** The heap in use, as process.memoryUsage() has it without also reading the process's RSS (milliseconds, on a busy machine). */
const heapUsed = () => v8.getHeapStatistics().used_heap_size;

function memoryValve(): () => void {
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
    mark = Math.max(FLOOR, FACTOR * heapUsed());
  };
}

/** The valve, for the whole process: layout and rendering. */
export const relieveMemory = memoryValve();

let installed = false;

/** Opens the valve each time pdfmake places a line: the layout is what holds most memory. */
export function relieveWhileLayingOut(): void {
  if (installed) return;
  const proto = pdfmakePrototype<{ addLine?: (...args: unknown[]) => unknown }>('ElementWriter');
  const addLine = proto.addLine;
  if (typeof addLine !== 'function')
    throw new Error('pdfmake no longer places lines where boardpack expects (ElementWriter.addLine); update src/layout/memory.ts.');
  proto.addLine = function (this: unknown, ...args: unknown[]) {
    relieveMemory();
    return addLine.apply(this, args);
  };
  installed = true;
}
