// Runs codegen's TypeScript sources unbuilt (see ts-hooks.mjs). Imported first
// by bin/codegen.mjs and by scripts that import codegen's modules directly.
import { registerTypeScriptSources } from './ts-hooks.mjs';

try {
  registerTypeScriptSources();
} catch (error) {
  process.stderr.write(`codegen: ${error.message}\n`);
  process.exit(1);
}
