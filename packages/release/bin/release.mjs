#!/usr/bin/env node
// Runs the TypeScript CLI unbuilt on Node's type stripping; see register.mjs.
import './register.mjs';

const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
