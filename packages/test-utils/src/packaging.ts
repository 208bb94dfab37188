export {
  type ConsumerResolution,
  type ConsumerTypeOptions,
  type ConsumerTypeReport,
  type ConsumerTypeTarget,
  consumerCompilerOptions,
  typeCheckConsumer,
} from './packaging/consumer-types.js';
export {
  checkDeclarations,
  type DeclarationProblem,
  esmStubTarget,
  needlessDeclarationCopies,
} from './packaging/declarations.js';
export { describeRun, type RunOptions, type RunResult, run, runOrThrow } from './packaging/exec.js';
export {
  type ExportTarget,
  exportTargets,
  importableSpecifiers,
  resolveExport,
  subpathEntries,
} from './packaging/exports-map.js';
export {
  type InstalledApp,
  type InstalledPackage,
  type InstallOptions,
  installTarballs,
} from './packaging/install.js';
export { type LintFinding, type LintReport, runAttw, runPublint } from './packaging/lint.js';
export { checkManifest, type ManifestProblem } from './packaging/manifest.js';
export {
  assertBuilt,
  inspectTarball,
  type PackedPackage,
  packPackage,
  unrewrittenSpecifiers,
} from './packaging/pack.js';
export {
  findNodeRuntimes,
  findSystemNode20,
  findWorkspaceNode,
  type NodeRuntime,
} from './packaging/runtimes.js';
export {
  DEFAULT_SMOKE_CALL,
  type LoadedModule,
  type ModuleFormat,
  runSmoke,
  SMOKE_CALLS,
  type SmokeReport,
  type SmokeResult,
  type SmokeScripts,
  smokeCallFor,
  writeSmokeScripts,
} from './packaging/smoke.js';
export { findStarReexports } from './packaging/star-exports.js';
export { extractTarball, readTarball, type TarEntry } from './packaging/tarball.js';
export {
  findWorkspaceRoot,
  listPublishablePackages,
  type PackageJson,
  pinnedPackageManager,
  readManifest,
  type WorkspacePackage,
} from './packaging/workspace.js';
