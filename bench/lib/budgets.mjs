// Budget checks: every published package has limits on what it costs a user;
// a figure more than TOLERANCE over its budget is a regression.

export const TOLERANCE = 0.1;
/** Deterministic sizes, checked by the vitest test and by `pnpm bench`. */
export const SIZE_METRICS = ['packedBytes', 'installedBytes', 'smsAppBundleGzipBytes'];
/** Time ratios, noisy on a shared machine: checked by `pnpm bench` only, on medians of many runs. */
export const RATIO_METRICS = ['coldImportRatio'];

/**
 * Compares measured figures with budgets. `measured`: { [package]: { [metric]: number } }.
 * Returns one row per (package, metric) with a budget, and problems: packages
 * with no budget, budgeted packages or metrics that were not measured, and
 * figures over budget x (1 + tolerance).
 */
export function checkBudgets(
  measured,
  budgets,
  metrics,
  tolerance = budgets.tolerance ?? TOLERANCE,
) {
  const rows = [];
  const problems = [];
  for (const name of Object.keys(measured).sort()) {
    if (!budgets.packages?.[name]) {
      problems.push(
        `${name} has no budget: add it to bench/budgets.json (node bench/check-budgets.mjs --update writes the last run's figures)`,
      );
    }
  }
  for (const [name, budget] of Object.entries(budgets.packages ?? {})) {
    const figures = measured[name];
    if (!figures) {
      problems.push(
        `${name} has a budget but was not measured (not built, or no longer published?)`,
      );
      continue;
    }
    for (const metric of metrics) {
      if (budget[metric] === undefined) continue;
      const value = figures[metric];
      if (value === undefined) {
        problems.push(`${name}: ${metric} has a budget but was not measured`);
        continue;
      }
      const limit = budget[metric] * (1 + tolerance);
      const ok = value <= limit;
      rows.push({
        package: name,
        metric,
        measured: value,
        budget: budget[metric],
        limit,
        ok,
        change: value / budget[metric] - 1,
      });
      if (!ok) {
        problems.push(
          `${name}: ${metric} is ${value}, ${((value / budget[metric] - 1) * 100).toFixed(1)}% over its budget of ${budget[metric]} (limit +${tolerance * 100}%). Shrink it, or raise the budget in bench/budgets.json with the reason in the commit.`,
        );
      }
    }
  }
  return { rows, problems };
}
