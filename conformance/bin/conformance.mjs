#!/usr/bin/env node
// The conformance CLI: `conformance --help` lists the options.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
