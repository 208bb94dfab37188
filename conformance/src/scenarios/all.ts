import type { Scenario } from './types.js';
import { wireScenario } from './wire.js';

/** Every scenario, in the order they run and appear in reports. */
export const ALL_SCENARIOS: readonly Scenario[] = [wireScenario];
