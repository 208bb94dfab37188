import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type {
  CallContext,
  EventSink,
  Handler,
  OperationInfo,
  Policy,
} from '../../src/transport/types.js';

export interface TestServer {
  readonly url: string;
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and an ephemeral port; records what reached the wire. */
export async function startServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const INACTIVE_SINK: EventSink = { active: false, emit() {} };

export const OPERATION: OperationInfo = {
  id: 'createMessage',
  method: 'POST',
  path: '/2010-04-01/Accounts/{AccountSid}/Messages.json',
};

export function makeContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    vendor: 'acme',
    operation: OPERATION,
    tenant: 'tenant-a',
    signal: new AbortController().signal,
    callerSignal: undefined,
    deadline: Number.POSITIVE_INFINITY,
    attempt: 1,
    events: INACTIVE_SINK,
    state: new Map(),
    ...overrides,
  };
}

/** Policies outermost first, like the transport's ordered list. */
export function compose(policies: readonly Policy[], terminal: Handler): Handler {
  return policies.reduceRight<Handler>((next, policy) => policy.wrap(next), terminal);
}

export const fetchHandler: Handler = (request) => fetch(request);

/**
 * A minimal stand-in for the retry policy: up to `retries` resends on a 5xx or
 * a thrown error, advancing `ctx.attempt` and cloning the request per attempt
 * as the real one must (bodies are single-use).
 */
export function testRetryPolicy(retries: number): Policy {
  return {
    name: 'testRetry',
    wrap(next) {
      return async (request, ctx) => {
        for (;;) {
          try {
            const response = await next(request.clone(), ctx);
            if (response.status < 500 || ctx.attempt > retries) return response;
            await response.arrayBuffer();
          } catch (error) {
            if (ctx.attempt > retries) throw error;
          }
          ctx.attempt++;
        }
      };
    },
  };
}

export interface OtelHarness {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  metrics(): Promise<MetricData[]>;
  shutdown(): Promise<void>;
}

/** The real OpenTelemetry SDK with in-memory exporters, not registered globally. */
export function otelHarness(): OtelHarness {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => spanExporter.getFinishedSpans(),
    async metrics() {
      metricExporter.reset();
      await reader.forceFlush();
      return metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

export function metric(metrics: MetricData[], name: string): MetricData {
  const found = metrics.find((item) => item.descriptor.name === name);
  if (found === undefined)
    throw new Error(`no metric ${name}; have ${metrics.map((m) => m.descriptor.name).join(', ')}`);
  return found;
}
