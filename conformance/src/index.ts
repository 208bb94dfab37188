export { main as runCli, USAGE } from './cli.js';
export { discoverPacks, findPackage, loadPackUnderTest } from './pack/load.js';
export type {
  CallResult,
  ClientFactory,
  ClientOptions,
  OperationRow,
  PackClient,
  PackUnderTest,
  Waiver,
} from './pack/types.js';
export {
  diffSurface,
  entrySurface,
  packageSurface,
  type Surface,
  type SurfaceDiff,
} from './packaging/api-surface.js';
export { DeclarationGraph } from './packaging/dts-modules.js';
export { renderHtml } from './report/html.js';
export { renderMarkdown } from './report/markdown.js';
export type { PackReport, ScenarioReport } from './report/types.js';
export { type WrittenReports, writeReports } from './report/write.js';
export { type CertifyOptions, certifyPack } from './run/certify.js';
export { simulatorOptions } from './run/simulator-options.js';
export { ALL_SCENARIOS } from './scenarios/all.js';
export type {
  Metrics,
  Profile,
  Scenario,
  ScenarioContext,
  ScenarioOutcome,
} from './scenarios/types.js';
export { type SampleOptions, sampleValue } from './schema/sample.js';
export { type SchemaIssue, type ValidateOptions, validateValue } from './schema/validate.js';
export type { AuthExpectation } from './simulator/check-auth.js';
export type { PaginationRule, PagingPlan } from './simulator/pager.js';
export type { HintForm, QuotaSettings, QuotaStats } from './simulator/quota.js';
export type { Route } from './simulator/routes.js';
export {
  type IdempotencyKeySpec,
  type SimulatedRequest,
  Simulator,
  type SimulatorFault,
  type SimulatorOptions,
  type Violation,
} from './simulator/simulator.js';
