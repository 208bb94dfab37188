import { authScenario } from './auth.js';
import { deadlineScenario } from './deadline.js';
import { idempotencyScenario } from './idempotency.js';
import { packagingScenario } from './packaging.js';
import { paginationScenario } from './pagination.js';
import { quotaScenario } from './quota.js';
import { redactionScenario } from './redaction.js';
import { retryScenario } from './retry.js';
import { telemetryScenario } from './telemetry.js';
import type { Scenario } from './types.js';
import { webhooksScenario } from './webhooks.js';
import { wireScenario } from './wire.js';

/** Every scenario, in the order they run and appear in reports. */
export const ALL_SCENARIOS: readonly Scenario[] = [
  wireScenario,
  retryScenario,
  idempotencyScenario,
  deadlineScenario,
  quotaScenario,
  authScenario,
  paginationScenario,
  webhooksScenario,
  telemetryScenario,
  redactionScenario,
  packagingScenario,
];
