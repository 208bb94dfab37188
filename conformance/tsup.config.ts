import { libraryConfig } from '../tsup.base.ts';

// The pack loaders of @org/codegen and the servers, faults and packaging
// checks of @org/test-utils are private workspace packages: bundled in, so
// the published package needs neither.
export default libraryConfig(
  { index: 'src/index.ts', cli: 'src/cli.ts' },
  { platform: 'node', noExternal: ['@org/codegen', '@org/test-utils'], shims: true },
);
