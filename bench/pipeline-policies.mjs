// The default policies a generated client turns on, for the benchmark.
export function corePolicies() {
  return { retry: {} };
}
