import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS, METRIC_NAMES } from './names.js';

export interface CallInstruments {
  readonly callDuration: Histogram;
  readonly calls: Counter;
  readonly usage: Counter;
}

export function createCallInstruments(meter: Meter): CallInstruments {
  return {
    callDuration: meter.createHistogram(METRIC_NAMES.callDuration, {
      unit: 's',
      description:
        'Duration of logical API calls, every attempt, backoff and rate-limit wait included.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS, 30, 60] },
    }),
    calls: meter.createCounter(METRIC_NAMES.calls, {
      unit: '{call}',
      description: 'Logical API calls, by vendor, tenant, operation and outcome.',
    }),
    usage: meter.createCounter(METRIC_NAMES.usage, {
      unit: '{unit}',
      description:
        "The vendor pack's cost units (SMS segments, model tokens), by vendor, tenant and unit.",
    }),
  };
}

export interface AttemptInstruments {
  readonly requestDuration: Histogram;
  readonly retries: Counter;
}

export function createAttemptInstruments(meter: Meter): AttemptInstruments {
  return {
    requestDuration: meter.createHistogram(METRIC_NAMES.requestDuration, {
      unit: 's',
      description: 'Duration of HTTP client requests.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    retries: meter.createCounter(METRIC_NAMES.retries, {
      unit: '{retry}',
      description: 'Resent requests (attempt 2 and later).',
    }),
  };
}
