import type * as OtelApiModule from '@opentelemetry/api';
import type { Meter, MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';

/** The parts of `@opentelemetry/api` the core uses: pass `import * as otel from '@opentelemetry/api'`. */
export type OtelApi = Pick<
  typeof OtelApiModule,
  'context' | 'metrics' | 'propagation' | 'trace' | 'createNoopMeter' | 'ProxyTracerProvider'
>;

/** Instrumentation scope name of every span and instrument the core creates. */
export const INSTRUMENTATION_SCOPE = '@org/core';

export interface OtelOptions {
  /**
   * The `@opentelemetry/api` module, or `false` for no spans, metrics or trace
   * propagation. Default: imported once, lazily, when it is installed (it is an
   * optional peer dependency); until that import settles, and forever when it
   * is not installed, the policies pass requests straight through.
   */
  otel?: OtelApi | false;
  /** Default: the api's global tracer provider (followed when it is registered later). */
  tracerProvider?: TracerProvider;
  /** Default: the api's global meter provider (followed when it is registered later). */
  meterProvider?: MeterProvider;
  /**
   * Told when a tracing, metrics or hook call throws. The request never is:
   * telemetry observes, it never breaks a call. Errors thrown here are dropped.
   */
  onTelemetryError?: (error: unknown) => void;
}

/**
 * The OpenTelemetry objects one policy uses, bound once at creation (or when
 * the lazy import settles). The request path only reads fields and compares
 * identities, never awaits: with the api installed but no SDK registered,
 * `tracer()`, `instruments()` and `propagates()` are all off and the policies
 * pass requests straight through.
 */
export class OtelBinding<Instruments> {
  api: OtelApi | undefined;
  /** False when no api, tracer provider or meter provider is available: the policy is a pass-through. */
  enabled = false;
  readonly ready: Promise<void>;
  readonly #tracerProvider: TracerProvider | undefined;
  readonly #meterProvider: MeterProvider | undefined;
  readonly #createInstruments: (meter: Meter) => Instruments;
  readonly #onError: ((error: unknown) => void) | undefined;
  #noopTracerProvider: TracerProvider | undefined;
  #tracer: Tracer | undefined;
  #tracerFor: TracerProvider | undefined;
  #instruments: Instruments | undefined;
  #instrumentsFor: MeterProvider | undefined;

  constructor(options: OtelOptions, createInstruments: (meter: Meter) => Instruments) {
    this.#createInstruments = createInstruments;
    this.#onError = options.onTelemetryError;
    if (options.otel === false) {
      this.#tracerProvider = undefined;
      this.#meterProvider = undefined;
      this.ready = Promise.resolve();
      return;
    }
    this.#tracerProvider = options.tracerProvider;
    this.#meterProvider = options.meterProvider;
    this.enabled = this.#tracerProvider !== undefined || this.#meterProvider !== undefined;
    if (options.otel !== undefined) {
      this.#bind(options.otel);
      this.ready = Promise.resolve();
      return;
    }
    // Dynamic import: the peer stays optional and off the import path of
    // clients that never trace. The module cache makes repeated imports cheap.
    this.ready = import('@opentelemetry/api').then(
      (module) => {
        const api =
          (module as { trace?: unknown }).trace === undefined
            ? (module as { default: OtelApi }).default
            : module;
        this.#bind(api);
      },
      () => {
        // Not installed: stay a pass-through. Nothing to report, this is a supported setup.
      },
    );
  }

  /**
   * The tracer of the configured or global provider; undefined while the
   * global provider is the api's no-op one. Followed per call, so an SDK
   * registered after the client was created is picked up.
   */
  tracer(): Tracer | undefined {
    const explicit = this.#tracerProvider;
    const provider = explicit ?? this.#globalTracerProvider();
    if (provider === undefined) return undefined;
    if (provider !== this.#tracerFor) {
      this.#tracerFor = provider;
      this.#tracer = this.#guard(() => provider.getTracer(INSTRUMENTATION_SCOPE));
    }
    return this.#tracer;
  }

  /** The instruments for the current meter provider; undefined when metrics are off or a no-op. */
  instruments(): Instruments | undefined {
    const provider = this.#meterProvider ?? this.#globalMeterProvider();
    if (provider === undefined) return undefined;
    if (provider !== this.#instrumentsFor) {
      this.#instrumentsFor = provider;
      this.#instruments = this.#guard(() => {
        const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
        if (this.api !== undefined && meter === this.api.createNoopMeter()) return undefined;
        return this.#createInstruments(meter);
      });
    }
    return this.#instruments;
  }

  /** True when a propagator is registered (the api's default one injects nothing and lists no fields). */
  propagates(): boolean {
    const api = this.api;
    if (api === undefined) return false;
    // try/catch in place of `#guard`: this runs on every request, and a closure per call adds up.
    try {
      return api.propagation.fields().length > 0;
    } catch (error) {
      this.report(error);
      return false;
    }
  }

  /** Runs a telemetry call; a throw is reported and turned into `undefined`. */
  guard<T>(fn: () => T): T | undefined {
    return this.#guard(fn);
  }

  report(error: unknown): void {
    try {
      this.#onError?.(error);
    } catch {
      // The reporter must not break the request either.
    }
  }

  // The two lookups below run on every request: try/catch in place of
  // `#guard`, so no closure is made per call.
  #globalTracerProvider(): TracerProvider | undefined {
    const api = this.api;
    if (api === undefined) return undefined;
    try {
      // The global provider is a proxy; its delegate is the api's no-op
      // provider until an SDK registers. Comparing with that singleton is the
      // one cheap way to tell "no SDK" from "an SDK that samples nothing".
      const provider = api.trace.getTracerProvider() as TracerProvider & {
        getDelegate?: () => TracerProvider;
      };
      const delegate =
        typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
      return delegate === this.#noopTracerProvider ? undefined : delegate;
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  #globalMeterProvider(): MeterProvider | undefined {
    const api = this.api;
    if (api === undefined) return undefined;
    try {
      return api.metrics.getMeterProvider();
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  #bind(api: OtelApi): void {
    this.api = api;
    this.#noopTracerProvider = this.#guard(() => new api.ProxyTracerProvider().getDelegate());
    this.enabled = true;
  }

  #guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }
}
