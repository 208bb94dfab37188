import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerConfig, WorkerReport } from './quota-worker.js';
import {
  type Arrival,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from './simulator.js';

const WORKER = fileURLToPath(new URL('./quota-worker.ts', import.meta.url));
const TS_RESOLVE = new URL('./ts-resolve.mjs', import.meta.url).href;

export interface QuotaRunOptions {
  readonly workers: number;
  readonly durationMs: number;
  readonly redisPort: number;
  readonly simulator: SimulatorOptions;
  readonly profile: WorkerConfig['profile'];
  readonly store?: WorkerConfig['store'];
  readonly loops?: number;
  readonly storeModule?: string;
  /** Things to do to Redis during the run, at ms after the start. */
  readonly chaos?: readonly { readonly atMs: number; readonly run: () => Promise<void> }[];
}

export interface QuotaRunResult {
  readonly startedAt: number;
  readonly durationMs: number;
  /** Accepted (non-429) arrivals and all arrivals inside [start, start + duration). */
  readonly accepted: number;
  readonly arrivals: number;
  readonly tooMany: number;
  readonly maxInFlight: number;
  /** Most arrivals in one fixed one-second window inside the run. */
  readonly maxPerSecond: number;
  /** Mean requests in flight over the run (concurrency utilization = this / limit). */
  readonly meanInFlight: number;
  readonly reports: WorkerReport[];
  readonly exitCodes: (number | null)[];
  readonly crashes: string[];
  readonly readyModes: string[];
  /** Every arrival, for checks on parts of the run. */
  readonly timeline: readonly Arrival[];
}

/**
 * Forks `workers` processes, each a transport with the core rate-limit
 * policy over a RedisRateLimitStore on one Redis, runs them against one
 * simulator for `durationMs` from a common start, and gathers what the
 * simulator saw and what each process reports.
 */
export async function runQuota(options: QuotaRunOptions): Promise<QuotaRunResult> {
  const simulator = await startSimulator(options.simulator);
  const children: ChildProcess[] = [];
  const reports: WorkerReport[] = [];
  const crashes: string[] = [];
  const readyModes: string[] = [];
  const exits: Promise<number | null>[] = [];
  try {
    const ready: Promise<void>[] = [];
    const done: Promise<void>[] = [];
    for (let i = 0; i < options.workers; i++) {
      const config: WorkerConfig = {
        id: `w${i + 1}`,
        redisPort: options.redisPort,
        simulatorUrl: simulator.url,
        profile: options.profile,
        loops: options.loops ?? 16,
        store: options.store ?? {},
        ...(options.storeModule === undefined ? {} : { storeModule: options.storeModule }),
      };
      const child = fork(WORKER, [], {
        execArgv: ['--import', TS_RESOLVE],
        env: { ...process.env, WORKER_CONFIG: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      exits.push(new Promise((resolve) => child.once('exit', (code) => resolve(code))));
      ready.push(
        new Promise((resolve, reject) => {
          child.on('message', (message: FromWorker) => {
            if (message.type === 'ready') {
              readyModes.push(message.mode);
              resolve();
            } else if (message.type === 'crash') {
              crashes.push(message.error);
              reject(new Error(`worker ${config.id} crashed: ${message.error}`));
            }
          });
          child.once('exit', (code) => reject(new Error(`worker ${config.id} exited (${code})`)));
        }),
      );
      done.push(
        new Promise((resolve) => {
          child.on('message', (message: FromWorker) => {
            if (message.type === 'done') {
              reports.push(message.report);
              resolve();
            }
          });
          child.once('exit', () => resolve());
        }),
      );
    }
    await Promise.all(ready);
    const startedAt = Date.now() + 300;
    for (const child of children) {
      child.send({
        type: 'start',
        at: startedAt,
        durationMs: options.durationMs,
      } satisfies ToWorker);
    }
    const chaos = (options.chaos ?? []).map(async (step) => {
      await sleep(startedAt + step.atMs - Date.now());
      await step.run();
    });
    await Promise.all([...chaos, ...done]);
    const exitCodes = await Promise.all(exits);
    const endAt = startedAt + options.durationMs;
    return summarize(simulator, startedAt, endAt, {
      reports,
      exitCodes,
      crashes,
      readyModes,
    });
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await simulator.close();
  }
}

function summarize(
  simulator: Simulator,
  startedAt: number,
  endAt: number,
  rest: Pick<QuotaRunResult, 'reports' | 'exitCodes' | 'crashes' | 'readyModes'>,
): QuotaRunResult {
  const inRun = simulator.arrivals.filter((a) => a.at >= startedAt && a.at < endAt);
  const perSecond = new Map<number, number>();
  for (const arrival of inRun) {
    const second = Math.floor(arrival.at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return {
    startedAt,
    durationMs: endAt - startedAt,
    accepted: inRun.filter((a) => a.status !== 429).length,
    arrivals: inRun.length,
    tooMany: simulator.tooMany(),
    maxInFlight: simulator.maxInFlight(),
    maxPerSecond: Math.max(0, ...perSecond.values()),
    meanInFlight: simulator.busyMs(startedAt, endAt) / (endAt - startedAt),
    timeline: simulator.arrivals.slice(),
    ...rest,
  };
}

/** Accepted arrivals per second inside [from, to). */
export function rateBetween(timeline: readonly Arrival[], from: number, to: number): number {
  const count = timeline.filter((a) => a.at >= from && a.at < to && a.status !== 429).length;
  return count / ((to - from) / 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
