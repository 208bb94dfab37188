import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPackUnderTest } from '../src/pack/load.js';
import type { PackUnderTest } from '../src/pack/types.js';
import { certifyPack } from '../src/run/certify.js';
import { ALL_SCENARIOS } from '../src/scenarios/all.js';
import { BROKEN_PACKS } from './fixtures/broken-packs/index.js';
import { failures, ROOT, SNAPSHOTS } from './support.js';

// Deliberately broken variants of the real Twilio pack (its generated
// client with one defect under the transport): each must be caught by
// exactly the scenario that owns the defect, and by no other. Packaging is
// left out: the tarball is the real one, and packing it again proves nothing.
const RUNTIME_SCENARIOS = ALL_SCENARIOS.filter((s) => s.id !== 'packaging');

let pack: PackUnderTest;
beforeAll(async () => {
  pack = await loadPackUnderTest(ROOT, join(ROOT, 'specs', 'twilio'));
});

describe.each(BROKEN_PACKS)('broken pack: $name', (broken) => {
  it(`is caught by ${broken.caughtBy.join(', ')} and nothing else`, async () => {
    const report = await certifyPack(broken.wrap(pack), {
      root: ROOT,
      profile: 'ci',
      scenarios: RUNTIME_SCENARIOS,
      snapshots: { dir: SNAPSHOTS, update: false },
    });
    expect(failures(report)).toEqual([...broken.caughtBy].sort());
    expect(report.passed).toBe(false);
    for (const id of broken.caughtBy)
      expect(report.scenarios.find((s) => s.id === id)?.details ?? '').toMatch(broken.evidence);
  });
});
