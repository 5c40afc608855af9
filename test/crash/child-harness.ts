// Drives a crash-test child process: collects its stdout lines, reports "ack ..." lines, and lets the test wait for
// a line with a timeout that fails fast (with the seed) when the child dies.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running child and what it printed so far. */
export interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  waitFor(pred: (line: string) => boolean, timeoutMs: number): Promise<string>;
  exited: Promise<number | null>;
}

/** Spawns `script` under tsx with `args`; `onAck` receives the text after "ack " of every acknowledgement line. */
export function startChild(script: string, args: string[], seed: number, onAck: (ack: string) => void): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'pipe' });
  proc.stdin.on('error', () => undefined); // writes to a killed child fail with EPIPE; that is the point
  const lines: string[] = [];
  const watchers: { pred: (l: string) => boolean; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    lines.push(line);
    if (line.startsWith('ack ')) onAck(line.slice(4));
    for (const w of [...watchers]) {
      if (w.pred(line)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      // A dead child prints nothing more: fail its waiters now rather than at their timeouts.
      for (const w of watchers.splice(0)) w.reject(new Error(`SEED=${seed} child exited (${code}); stderr: ${stderr}`));
      resolve(code);
    }),
  );
  return {
    proc,
    lines,
    exited,
    waitFor: (pred, timeoutMs) =>
      new Promise((resolve, reject) => {
        const hit = lines.find(pred);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`SEED=${seed} timeout; child stderr: ${stderr}`)), timeoutMs);
        const done = (l: string): void => {
          clearTimeout(timer);
          resolve(l);
        };
        const fail = (e: Error): void => {
          clearTimeout(timer);
          reject(e);
        };
        watchers.push({ pred, resolve: done, reject: fail });
      }),
  };
}
