// Runs the release tool's TypeScript sources, and codegen's loaders it
// imports, unbuilt (see @org/codegen's bin/ts-hooks.mjs).
import { registerTypeScriptSources } from '@org/codegen/bin/ts-hooks.mjs';

try {
  registerTypeScriptSources();
} catch (error) {
  process.stderr.write(`release: ${error.message}\n`);
  process.exit(1);
}
