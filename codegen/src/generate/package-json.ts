import { formatJson } from '../internal/format-json.js';
import { bannerText } from './banner.js';
import type { PackContext } from './context.js';

/** The dual ESM/CJS export conditions of one built entry, `types` first in each. */
function conditions(name: string) {
  return {
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  };
}

function sorted<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The package's manifest, shaped like every publishable package here: dual
 * ESM/CJS, `types` first in each condition, no side effects, a files whitelist.
 * The pack's `entries` become subpath exports after the root; its
 * `dependencies` and `devDependencies` are added to the runtime pair.
 */
export function renderPackageJson(ctx: PackContext): string {
  const { pack } = ctx;
  const subpaths = Object.fromEntries(
    Object.keys(pack.entries).map((name) => [`./${name}`, conditions(name)]),
  );
  return formatJson({
    '//': bannerText(ctx),
    name: pack.npm,
    version: ctx.version,
    description: pack.description,
    license: 'MIT',
    type: 'module',
    sideEffects: false,
    engines: { node: '^20.19.0 || >=22.12.0' },
    files: ['dist', 'README.md'],
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.cts',
    exports: {
      '.': conditions('index'),
      ...subpaths,
      './package.json': './package.json',
    },
    scripts: { build: 'tsup' },
    keywords: [pack.id, 'openapi', 'api-client'],
    // openapi-fetch is not one: the client's code and types come from @org/core.
    dependencies: sorted({ '@org/core': 'workspace:^', ...pack.dependencies }),
    ...(Object.keys(pack.optionalPeerDependencies).length
      ? {
          peerDependencies: sorted(pack.optionalPeerDependencies),
          peerDependenciesMeta: sorted(
            Object.fromEntries(
              Object.keys(pack.optionalPeerDependencies).map((name) => [name, { optional: true }]),
            ),
          ),
        }
      : {}),
    ...(Object.keys(pack.devDependencies).length + Object.keys(pack.optionalPeerDependencies).length
      ? { devDependencies: sorted({ ...pack.optionalPeerDependencies, ...pack.devDependencies }) }
      : {}),
  });
}
