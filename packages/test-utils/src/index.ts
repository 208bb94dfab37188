export {
  applyFault,
  type Fault,
  type FaultServerOptions,
  faultHandler,
  faultServer,
} from './faults.js';
export { type ImportGraph, staticImportGraph } from './import-graph.js';
export {
  type RecordedRequest,
  startTestServer,
  type TestHandler,
  type TestServer,
} from './server.js';
export { type TypeCheckOptions, typeCheckSnippet, typescriptBlocks } from './typecheck.js';
