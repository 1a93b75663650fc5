/**
 * Progress on stderr: a bar with ETA per suite on a terminal (cli-progress), plain lines
 * otherwise (CI logs).
 */
import cliProgress from 'cli-progress';
import { formatMs } from './report.js';
import type { CaseResult } from './types.js';

/** Progress of one suite. */
export interface SuiteProgress {
  steps(total: number): void;
  tick(label: string | undefined): void;
  caseDone(result: CaseResult): void;
  /** Ends the bar and prints the outcome line. */
  end(outcome: string): void;
}

/** Where progress goes. */
export interface Progress {
  suite(name: string, index: number, count: number): SuiteProgress;
  /** A line of its own (e.g. "rendering figures"). */
  line(text: string): void;
}

function caseLabel(c: CaseResult) {
  const time = c.medianMs === null ? 'recorded' : `${formatMs(c.medianMs)} ms`;
  return `${c.problem} · ${c.method}: ${time}`;
}

function seconds(since: number) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** Plain lines, one per step or case. */
function plainProgress(stream: NodeJS.WritableStream): Progress {
  const write = (text: string) => stream.write(`${text}\n`);
  return {
    line: write,
    suite(name, index, count) {
      const start = performance.now();
      let total = 0;
      let done = 0;
      write(`[${index + 1}/${count}] ${name}: started`);
      return {
        steps(n) {
          total = n;
        },
        tick(label) {
          done++;
          const of = total > 0 ? `${done}/${total}` : `${done}`;
          write(`  ${name} ${of}${label ? ` ${label}` : ''} (${seconds(start)})`);
        },
        caseDone(result) {
          write(`  ${name} ${caseLabel(result)}`);
        },
        end(outcome) {
          write(`[${index + 1}/${count}] ${name}: ${outcome} in ${seconds(start)}`);
        },
      };
    },
  };
}

/** A bar per suite with ETA, on a terminal. */
function barProgress(stream: NodeJS.WritableStream): Progress {
  const write = (text: string) => stream.write(`${text}\n`);
  return {
    line: write,
    suite(name, index, count) {
      const start = performance.now();
      const prefix = `[${index + 1}/${count}] ${name}`;
      let declared = false;
      let value = 0;
      const bar = new cliProgress.SingleBar(
        {
          stream,
          hideCursor: true,
          gracefulExit: true,
          clearOnComplete: true,
          etaBuffer: 20,
          format: (options, params, payload) => {
            if (params.total > 0) {
              const withBar = `${prefix} {bar} {value}/{total} | ETA {eta_formatted} | {label}`;
              return cliProgress.Format.Formatter({ ...options, format: withBar }, params, payload);
            }
            return `${prefix} ${params.value} done | ${payload.label}`;
          },
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(0, 0, { label: 'starting' });
      return {
        steps(n) {
          declared = n > 0;
          bar.setTotal(n);
        },
        tick(label) {
          value++;
          bar.update(value, { label: label ?? '' });
        },
        caseDone(result) {
          if (declared) bar.update({ label: caseLabel(result) });
          else bar.update(++value, { label: caseLabel(result) });
        },
        end(outcome) {
          bar.stop();
          write(`${prefix}: ${outcome} in ${seconds(start)}`);
        },
      };
    },
  };
}

/**
 * Progress for `stream`: a bar when it is a terminal, plain lines otherwise.
 * @param stream - normally `process.stderr`.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? barProgress(stream) : plainProgress(stream);
}
