import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CodegenError } from '../errors.js';
import { toPointer } from '../internal/json-pointer.js';
import { locate } from '../internal/locate.js';
import { applyMergePatch } from '../internal/merge-patch.js';
import { hasExternalRefs, inlineExternalRefs } from './external-refs.js';
import { parseDocumentText } from './parse.js';
import { findSpecProblem } from './validate.js';

export interface LoadedSpec {
  /** The OpenAPI 3.x document after conversion, external-ref inlining and the overlay. */
  readonly document: Record<string, any>;
  /** SHA-256 (hex) of the pinned spec file's bytes. */
  readonly sha256: string;
  /** `openapi` or `swagger` version of the file as pinned. */
  readonly sourceVersion: string;
}

export interface LoadSpecOptions {
  /** JSON merge patch file (RFC 7396) applied after conversion. */
  readonly overlay?: string | undefined;
  /** How files are named in messages; defaults to paths relative to the working directory. */
  readonly display?: (file: string) => string;
}

interface SwaggerConverter {
  convertObj(
    swagger: unknown,
    options: Record<string, unknown>,
  ): Promise<{ openapi: Record<string, any> }>;
}

/**
 * Loads a pinned spec: JSON or YAML, OpenAPI 3.0, 3.1 or Swagger 2.0
 * (converted with swagger2openapi), with external `$ref`s in the same folder
 * inlined and the overlay applied. Problems are CodegenErrors naming the file,
 * line and JSON pointer.
 */
export async function loadSpec(file: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const display = options.display ?? ((f: string) => path.relative(process.cwd(), f) || f);
  const absolute = path.resolve(file);
  const bytes = await readFile(absolute).catch((error: NodeJS.ErrnoException) => {
    throw new CodegenError(
      error.code === 'ENOENT' ? 'spec file not found' : `cannot read spec: ${error.message}`,
      { file: display(absolute) },
    );
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  let document = parseDocumentText(text, display(absolute)) as Record<string, any>;
  const sourceVersion = String(document?.openapi ?? document?.swagger ?? '');
  let converted = false;

  if (document && typeof document === 'object' && String(document.swagger) === '2.0') {
    if (hasExternalRefs(text))
      document = inlineExternalRefs(document, absolute, text, display) as Record<string, any>;
    const converter = createRequire(import.meta.url)('swagger2openapi') as SwaggerConverter;
    try {
      ({ openapi: document } = await converter.convertObj(document, {
        patch: true,
        warnOnly: true,
        resolve: false,
        direct: false,
      }));
    } catch (error) {
      throw new CodegenError(`cannot convert Swagger 2.0: ${(error as Error).message}`, {
        file: display(absolute),
      });
    }
    converted = true;
  } else if (hasExternalRefs(text)) {
    document = inlineExternalRefs(document, absolute, text, display) as Record<string, any>;
  }

  if (options.overlay) {
    const overlayFile = path.resolve(options.overlay);
    const overlayText = await readFile(overlayFile, 'utf8').catch(() => {
      throw new CodegenError('overlay file not found', { file: display(overlayFile) });
    });
    document = applyMergePatch(
      document,
      parseDocumentText(overlayText, display(overlayFile)),
    ) as Record<string, any>;
  }

  const problem = findSpecProblem(document);
  if (problem) {
    // Positions are looked up in the pinned file; after a Swagger 2.0
    // conversion the pointer names the converted document, so no line.
    const position = converted ? undefined : locate(text, problem.path);
    throw new CodegenError(
      converted ? `${problem.message} (in the OpenAPI 3.0 conversion)` : problem.message,
      {
        file: display(absolute),
        ...(position ? { line: position.line, column: position.column } : {}),
        pointer: toPointer(problem.path),
      },
    );
  }
  return { document, sha256, sourceVersion };
}
