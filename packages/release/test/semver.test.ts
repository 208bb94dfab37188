import { describe, expect, it } from 'vitest';
import { bumpBetween, compareVersions, maxBump } from '../src/semver.js';

describe('semver helpers', () => {
  it.each([
    ['1.0.0', '2.0.0', 'major'],
    ['0.1.0', '1.0.0', 'major'],
    ['0.1.0', '0.2.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', 'none'],
    ['1.2.3', '1.2.2', 'none'],
    ['1.0.0-rc.1', '1.0.0', 'patch'],
  ] as const)('bumpBetween(%s, %s) is %s', (from, to, bump) => {
    expect(bumpBetween(from, to)).toBe(bump);
  });

  it('orders versions by SemVer precedence, pre-releases below their release', () => {
    const sorted = [
      '1.0.0',
      '1.0.0-rc.10',
      '1.0.0-alpha',
      '0.9.9',
      '1.0.0-rc.2',
      '1.0.0-alpha.1',
      '10.0.0',
    ];
    expect(sorted.sort(compareVersions)).toEqual([
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-rc.2',
      '1.0.0-rc.10',
      '1.0.0',
      '10.0.0',
    ]);
  });

  it('rejects what is not a version', () => {
    expect(() => compareVersions('1.0', '1.0.0')).toThrow('"1.0" is not a semver version (x.y.z)');
  });

  it('maxBump of nothing is none', () => {
    expect(maxBump([])).toBe('none');
    expect(maxBump(['patch', 'major', 'minor'])).toBe('major');
  });
});
