import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseChangeset, readPendingBumps } from '../src/changesets/pending.js';

describe('parseChangeset', () => {
  it.each([
    {
      name: 'one package',
      text: '---\n"@org/core": minor\n---\n\nFirst release.\n',
      bumps: [['@org/core', 'minor']],
    },
    {
      name: 'several packages, CRLF line ends',
      text: '---\r\n"@org/core": patch\r\n"@org/twilio-client": major\r\n---\r\n\r\nText.\r\n',
      bumps: [
        ['@org/core', 'patch'],
        ['@org/twilio-client', 'major'],
      ],
    },
    { name: 'an empty changeset', text: '---\n---\n\nNothing to release.\n', bumps: [] },
    {
      name: 'leading blank lines and a body with its own --- rule',
      text: '\n---\n"@org/core": none\n---\n\nText\n\n---\n\nmore\n',
      bumps: [['@org/core', 'none']],
    },
  ])('$name', ({ text, bumps }) => {
    expect([...parseChangeset(text, '.changeset/x.md')]).toEqual(bumps);
  });

  it.each([
    { text: 'no frontmatter\n', message: /no frontmatter/ },
    {
      text: '---\n"@org/core": big\n---\n',
      message: /"@org\/core" has bump "big"; use major, minor, patch or none/,
    },
    { text: '---\n- major\n---\n', message: /must map package names/ },
    { text: '---\n"@org/core": [minor\n---\n', message: /frontmatter is not YAML/ },
  ])('rejects $text', ({ text, message }) => {
    expect(() => parseChangeset(text, '.changeset/x.md')).toThrow(message);
  });
});

describe('readPendingBumps', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the highest bump per package and the files that name it, ignoring README.md', () => {
    root = mkdtempSync(join(tmpdir(), 'release-changesets-'));
    mkdirSync(join(root, '.changeset'));
    const write = (name: string, text: string) =>
      writeFileSync(join(root, '.changeset', name), text);
    write('README.md', '---\n"@org/core": major\n---\n');
    write('config.json', '{}');
    write('b-fix.md', '---\n"@org/core": patch\n"@org/twilio-client": patch\n---\n\nFix.\n');
    write('a-feature.md', '---\n"@org/core": minor\n---\n\nFeature.\n');
    expect(Object.fromEntries(readPendingBumps(root))).toEqual({
      '@org/core': { bump: 'minor', files: ['.changeset/a-feature.md', '.changeset/b-fix.md'] },
      '@org/twilio-client': { bump: 'patch', files: ['.changeset/b-fix.md'] },
    });
  });

  it('reads nothing when there is no .changeset folder', () => {
    root = mkdtempSync(join(tmpdir(), 'release-changesets-'));
    expect(readPendingBumps(root).size).toBe(0);
  });
});
