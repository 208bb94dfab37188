import type { PackUnderTest } from '../pack/types.js';
import type { AuthExpectation } from '../simulator/check-auth.js';
import type { PaginationRule } from '../simulator/pager.js';
import type { IdempotencyKeySpec, SimulatorOptions } from '../simulator/simulator.js';

/** The simulator for a pack: its spec, its server's base path, its paging and idempotency keys. */
export function simulatorOptions(pack: PackUnderTest, auth: AuthExpectation): SimulatorOptions {
  const pagination: Record<string, PaginationRule> = {};
  const idempotencyKeys: Record<string, IdempotencyKeySpec> = {};
  for (const op of pack.operations) {
    if (op.pagination) pagination[op.id] = op.pagination as unknown as PaginationRule;
    if (op.idempotencyKey) idempotencyKeys[op.id] = op.idempotencyKey;
  }
  const basePath = new URL(pack.pack.servers.default).pathname.replace(/\/$/, '');
  return {
    document: pack.document,
    basePath,
    auth,
    pagination,
    idempotencyKeys,
    idempotencyHeader: pack.pack.idempotency?.header ?? null,
  };
}
