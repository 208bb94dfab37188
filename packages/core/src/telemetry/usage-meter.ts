import type { TelemetryEvent } from './envelope.js';
import type { EventBus } from './event-bus.js';

/** Calls and cost units of one tenant with one vendor. */
export interface UsageEntry {
  readonly vendor: string;
  /** `undefined` for calls made without a tenant. */
  readonly tenant: string | undefined;
  readonly calls: number;
  readonly failedCalls: number;
  /** Summed cost units, e.g. `{ segments: 14, inputTokens: 9120 }`. */
  readonly units: Readonly<Record<string, number>>;
}

interface MutableEntry {
  vendor: string;
  tenant: string | undefined;
  calls: number;
  failedCalls: number;
  units: Record<string, number>;
}

/**
 * In-memory per tenant and vendor totals, fed by the `ApiCallSucceeded` and
 * `ApiCallFailed` events of the buses it is attached to. For spend reports and
 * quotas inside one process; export the `org.client.usage` counter for
 * anything wider.
 */
export class UsageMeter {
  readonly #entries = new Map<string, Map<string | undefined, MutableEntry>>();

  /** Starts counting the bus's calls; returns the function that stops it. */
  attach(bus: EventBus): () => void {
    const stopSucceeded = bus.on('ApiCallSucceeded', (event) => this.#count(event, false));
    const stopFailed = bus.on('ApiCallFailed', (event) => this.#count(event, true));
    return () => {
      stopSucceeded();
      stopFailed();
    };
  }

  /** A copy of the totals, sorted by vendor then tenant. */
  snapshot(): UsageEntry[] {
    const out: UsageEntry[] = [];
    for (const byTenant of this.#entries.values()) {
      for (const entry of byTenant.values()) out.push({ ...entry, units: { ...entry.units } });
    }
    return out.sort(
      (a, b) => compare(a.vendor, b.vendor) || compare(a.tenant ?? '', b.tenant ?? ''),
    );
  }

  reset(): void {
    this.#entries.clear();
  }

  #count(
    event: TelemetryEvent<'ApiCallSucceeded'> | TelemetryEvent<'ApiCallFailed'>,
    failed: boolean,
  ): void {
    const { vendor, tenant, usage } = event.data;
    let byTenant = this.#entries.get(vendor);
    if (byTenant === undefined) {
      byTenant = new Map();
      this.#entries.set(vendor, byTenant);
    }
    let entry = byTenant.get(tenant);
    if (entry === undefined) {
      entry = { vendor, tenant, calls: 0, failedCalls: 0, units: {} };
      byTenant.set(tenant, entry);
    }
    entry.calls++;
    if (failed) entry.failedCalls++;
    for (const [unit, amount] of Object.entries(usage ?? {})) {
      entry.units[unit] = (entry.units[unit] ?? 0) + amount;
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
