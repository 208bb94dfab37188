// Lets the benchmark scripts import the workspace's TypeScript-source
// packages (@org/test-utils) on Node's type stripping, with the hook codegen
// and the release tool use (codegen/bin/ts-hooks.mjs).
import { registerTypeScriptSources } from '../../codegen/bin/ts-hooks.mjs';

try {
  registerTypeScriptSources();
} catch (error) {
  throw new Error(`bench: ${error.message}`);
}
