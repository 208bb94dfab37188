import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError } from '../errors.js';
import { loadPack } from '../pack/load.js';
import { loadSource } from '../pack/source.js';
import { loadSpec } from '../spec/load.js';
import { renderClient } from './client.js';
import type { PackContext } from './context.js';
import { renderManifest } from './manifest.js';
import { buildOperationTable, renderOperations } from './operations.js';
import { renderPackageJson } from './package-json.js';
import { prepareDocument } from './prepare.js';
import { renderReadme } from './readme.js';
import { renderTsupConfig } from './tsup-config.js';
import { renderTypes } from './types.js';
import { renderCoreWebhooks, renderWebhooks } from './webhooks.js';

export interface GeneratedFile {
  /** Path relative to the repository root, with `/` separators. */
  readonly path: string;
  readonly content: string;
}

export interface GeneratedPack {
  readonly id: string;
  /** Repository-relative package folder, e.g. `packages/twilio-client`. */
  readonly packageDir: string;
  readonly files: readonly GeneratedFile[];
}

export type Progress = (message: string) => void;

/** Package folder for a pack: the bare part of its npm name under packages/. */
export function packageDirOf(npmName: string): string {
  return `packages/${npmName.split('/').pop()}`;
}

/**
 * Generates every file of one pack from `specs/<id>/` under `root`. Pure in
 * its output: the same inputs give byte-identical files (no timestamps, spec
 * order kept). Only the package version is read from an existing
 * package.json, so a release tool's version bump is not undone.
 */
export async function generatePack(
  root: string,
  id: string,
  progress: Progress = () => {},
): Promise<GeneratedPack> {
  const specDir = `specs/${id}`;
  const abs = (rel: string) => path.join(root, rel);
  const started = performance.now();
  const step = (what: string) =>
    progress(`${id}: ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const pack = await loadPack(abs(`${specDir}/pack.yaml`), `${specDir}/pack.yaml`);
  if (pack.id !== id) {
    throw new CodegenError(`id "${pack.id}" must match the folder name "${id}"`, {
      file: `${specDir}/pack.yaml`,
      field: 'id',
    });
  }
  const source = await loadSource(abs(`${specDir}/SOURCE.yaml`), `${specDir}/SOURCE.yaml`);
  const display = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const spec = await loadSpec(abs(`${specDir}/${pack.spec}`), {
    overlay: pack.overlay ? abs(`${specDir}/${pack.overlay}`) : undefined,
    display,
  });
  if (spec.sha256 !== source.sha256) {
    throw new CodegenError(
      `${specDir}/${pack.spec} has sha256 ${spec.sha256}, SOURCE.yaml records ${source.sha256}; a changed spec needs its origin, version and sha256 updated together`,
      { file: `${specDir}/SOURCE.yaml`, field: 'sha256' },
    );
  }
  step(`spec loaded, ${Object.keys(spec.document.paths).length} paths`);

  const packageDir = packageDirOf(pack.npm);
  const ctx: PackContext = {
    pack,
    document: prepareDocument(spec.document, pack, `${specDir}/pack.yaml`),
    specSha256: spec.sha256,
    version: (await existingVersion(abs(`${packageDir}/package.json`))) ?? pack.version,
    specDir,
  };
  const table = buildOperationTable(ctx);
  const types = await renderTypes(ctx);
  step(`types generated, ${(types.length / 1024).toFixed(0)} KiB`);
  const generated = `${packageDir}/src/generated`;
  const files: GeneratedFile[] = [
    { path: `${generated}/types.ts`, content: types },
    { path: `${generated}/operations.ts`, content: renderOperations(ctx, table) },
    { path: `${generated}/manifest.ts`, content: renderManifest(ctx) },
    { path: `${generated}/client.ts`, content: renderClient(ctx) },
  ];
  const webhooks = renderWebhooks(ctx);
  if (webhooks) files.push({ path: `${generated}/webhooks.ts`, content: webhooks });
  const coreWebhooks = renderCoreWebhooks(ctx);
  if (coreWebhooks) files.push({ path: `${generated}/core-webhooks.ts`, content: coreWebhooks });
  files.push(
    { path: `${packageDir}/README.md`, content: renderReadme(ctx, table, source) },
    { path: `${packageDir}/package.json`, content: renderPackageJson(ctx) },
  );
  // Only a pack with entries owns its build config; one whose entries were
  // removed keeps it generated (index only) rather than leaving a stale file.
  const tsupConfig = `${packageDir}/tsup.config.ts`;
  if (Object.keys(pack.entries).length || (await isGenerated(abs(tsupConfig)))) {
    files.push({ path: tsupConfig, content: renderTsupConfig(ctx) });
  }
  step(`${files.length} files rendered`);
  return { id, packageDir, files };
}

async function existingVersion(file: string): Promise<string | undefined> {
  try {
    const version = JSON.parse(await readFile(file, 'utf8')).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

async function isGenerated(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.startsWith('// Generated by @org/codegen');
}
