import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const SPEC = readFileSync(new URL('../fixtures/specs/messages.json', import.meta.url), 'utf8');

/** A throwaway pnpm workspace in a git repository with one pack (`messages`) and a library. */
export interface FixtureWorkspace {
  readonly root: string;
  readonly packName: string;
  /** Rewrites the spec through `edit` and records its new sha256 in SOURCE.yaml. */
  editSpec(edit: (spec: any) => void): void;
  writeOverlay(overlay: unknown): void;
  setVersion(version: string): void;
  addChangeset(file: string, bumps: Record<string, string>): void;
  write(path: string, text: string): void;
  commit(message: string): void;
  tag(name: string): void;
  git(...args: string[]): string;
  sha256(): string;
  read(path: string): string;
  remove(): void;
}

export function createFixtureWorkspace(): FixtureWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'release-fixture-'));
  const packName = '@fixture/messages-client';
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=Fixture', '-c', 'user.email=fixture@example.com', ...args],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
  const sha256 = () =>
    createHash('sha256')
      .update(readFileSync(join(root, 'specs/messages/openapi.json')))
      .digest('hex');
  const writeSource = () =>
    write(
      'specs/messages/SOURCE.yaml',
      [
        'file: openapi.json',
        'origin: { registry: none, path: test/fixtures/specs/messages.json }',
        'version: 1.0.0',
        `sha256: ${sha256()}`,
        'license: { name: MIT }',
        '',
      ].join('\n'),
    );
  let packYaml = [
    'id: messages',
    'name: Messages fixture',
    'description: A small messaging API for release tests.',
    `npm: '${packName}'`,
    'version: 1.0.0',
    'spec: openapi.json',
    'servers:',
    '  default: https://messages.example.com',
    'auth:',
    '  type: none',
    '',
  ].join('\n');

  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  write('package.json', json({ name: 'fixture', private: true, packageManager: 'pnpm@10.34.9' }));
  write('specs/messages/openapi.json', SPEC);
  write('specs/messages/pack.yaml', packYaml);
  writeSource();
  write(
    'packages/messages-client/package.json',
    json({
      name: packName,
      version: '1.0.0',
      dependencies: { '@fixture/core': 'workspace:^' },
    }),
  );
  write('packages/core/package.json', json({ name: '@fixture/core', version: '1.0.0' }));
  write(
    'packages/tools/package.json',
    json({ name: '@fixture/tools', version: '0.0.0', private: true }),
  );
  write('.changeset/README.md', 'Changesets.\n');
  write(
    '.changeset/config.json',
    json({
      changelog: '@changesets/cli/changelog',
      commit: false,
      fixed: [],
      linked: [],
      access: 'public',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
      ignore: [],
      privatePackages: { version: false, tag: false },
    }),
  );
  // The workspace's own install supplies @changesets/cli to `pnpm exec changeset`.
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'junction');
  write('.gitignore', 'node_modules\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'fixture');

  return {
    root,
    packName,
    editSpec(edit) {
      const spec = JSON.parse(readFileSync(join(root, 'specs/messages/openapi.json'), 'utf8'));
      edit(spec);
      write('specs/messages/openapi.json', json(spec));
      writeSource();
    },
    writeOverlay(overlay) {
      write('specs/messages/overlay.json', json(overlay));
      if (!packYaml.includes('overlay:')) {
        packYaml += 'overlay: overlay.json\n';
        write('specs/messages/pack.yaml', packYaml);
      }
    },
    setVersion(version) {
      const file = 'packages/messages-client/package.json';
      const manifest = JSON.parse(readFileSync(join(root, file), 'utf8'));
      manifest.version = version;
      write(file, json(manifest));
    },
    addChangeset(file, bumps) {
      const lines = Object.entries(bumps).map(([name, bump]) => `"${name}": ${bump}`);
      write(`.changeset/${file}`, `---\n${lines.join('\n')}\n---\n\nA change.\n`);
    },
    write,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    tag(name) {
      git('tag', name);
    },
    git,
    sha256,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
