import { formatJson } from '../internal/format-json.js';
import { bannerText } from './banner.js';
import type { PackContext } from './context.js';

/**
 * The package's manifest, shaped like every publishable package here: dual
 * ESM/CJS, `types` first in each condition, no side effects, a files whitelist.
 */
export function renderPackageJson(ctx: PackContext): string {
  const { pack } = ctx;
  return formatJson({
    '//': bannerText(ctx),
    name: pack.npm,
    version: ctx.version,
    description: pack.description,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19' },
    files: ['dist', 'README.md'],
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.cts',
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
    scripts: { build: 'tsup' },
    keywords: [pack.id, 'openapi', 'api-client'],
    dependencies: { '@org/core': 'workspace:^', 'openapi-fetch': 'catalog:' },
  });
}
