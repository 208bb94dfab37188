import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPendingBumps } from '../src/changesets/pending.js';
import { type CliIo, main } from '../src/cli.js';
import { checkSpecBumps, describeSpecBumps } from '../src/gate/spec-bumps.js';
import { findLastRelease, loadReleasedSpec } from '../src/spec-diff/released.js';
import { listPacks } from '../src/workspace/packs.js';
import { createFixtureWorkspace, type FixtureWorkspace } from './helpers/workspace.js';

let ws: FixtureWorkspace;
afterEach(() => ws?.remove());

async function check(fixture: FixtureWorkspace, version = '1.0.0') {
  const packs = await listPacks(fixture.root);
  return checkSpecBumps(
    fixture.root,
    fixture.root,
    packs,
    new Map([[fixture.packName, version]]),
    readPendingBumps(fixture.root),
  );
}

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const removeDelete = (spec: any) => {
  delete spec.paths['/messages/{Sid}'].delete;
};

describe('released spec lookup by git tag', () => {
  it('picks the highest plain-version tag at or below the current version', async () => {
    ws = createFixtureWorkspace();
    for (const tag of ['0.9.0', '1.0.0', '1.0.1-rc.1', '2.0.0', 'next'])
      ws.tag(`${ws.packName}@${tag}`);
    ws.tag('@fixture/core@1.5.0');
    expect(await findLastRelease(ws.root, ws.packName, '1.0.1')).toEqual({
      tag: `${ws.packName}@1.0.1-rc.1`,
      version: '1.0.1-rc.1',
    });
    expect(await findLastRelease(ws.root, ws.packName, '1.0.0')).toEqual({
      tag: `${ws.packName}@1.0.0`,
      version: '1.0.0',
    });
    expect(await findLastRelease(ws.root, ws.packName, '0.1.0')).toBeUndefined();
  });

  it('loads the spec as it was in the tagged commit, with that commit’s overlay applied', async () => {
    ws = createFixtureWorkspace();
    ws.writeOverlay({ info: { description: 'Overlaid at release.' } });
    ws.commit('overlay');
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec(removeDelete);
    ws.writeOverlay({ info: { description: 'Overlaid later.' } });
    ws.commit('later');
    const released = await loadReleasedSpec(ws.root, `${ws.packName}@1.0.0`, 'specs/messages');
    expect(released.info.description).toBe('Overlaid at release.');
    expect(released.paths['/messages/{Sid}'].delete.operationId).toBe('deleteMessage');
  });
});

describe('spec bump gate', () => {
  it('lets a first release through: there is nothing to diff against', async () => {
    ws = createFixtureWorkspace();
    const [result] = await check(ws);
    expect(result).toMatchObject({ released: undefined, required: 'none', ok: true });
    expect(describeSpecBumps([result!])).toEqual([
      `${ws.packName}: no release tag (${ws.packName}@<version>) yet: first release, nothing to diff`,
    ]);
  });

  it('finds no change when the spec is the released one', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    const [result] = await check(ws);
    expect(result).toMatchObject({ changes: [], required: 'none', declared: 'none', ok: true });
  });

  it('fails a removed operation with only a minor changeset, naming the change and its pointer', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec(removeDelete);
    ws.addChangeset('tidy-messages.md', { [ws.packName]: 'minor', '@fixture/core': 'major' });
    const [result] = await check(ws);
    expect(result).toMatchObject({ required: 'major', declared: 'minor', ok: false });
    expect(describeSpecBumps([result!])).toEqual([
      `${ws.packName}: spec changes since ${ws.packName}@1.0.0 need a major release, but the pending changesets (.changeset/tidy-messages.md) give minor. Add a changeset with "${ws.packName}": major (pnpm changeset), or undo these changes:`,
      '  major  operation-removed  /paths/~1messages~1{Sid}/delete  operation DELETE /messages/{Sid} removed',
    ]);
  });

  it('takes the highest bump over several changesets', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec(removeDelete);
    ws.addChangeset('a.md', { [ws.packName]: 'patch' });
    ws.addChangeset('b.md', { [ws.packName]: 'major' });
    const [result] = await check(ws);
    expect(result).toMatchObject({
      declared: 'major',
      ok: true,
      changesets: ['.changeset/a.md', '.changeset/b.md'],
    });
  });

  it('counts a version already bumped by changeset version (the publish side of the gate)', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec(removeDelete);
    expect((await check(ws, '2.0.0'))[0]).toMatchObject({ declared: 'major', ok: true });
    expect((await check(ws, '1.1.0'))[0]).toMatchObject({ declared: 'minor', ok: false });
  });

  it('fails a spec change with no changeset at all', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec((spec) => {
      spec.info.description = 'Reworded.';
    });
    const [result] = await check(ws);
    expect(result).toMatchObject({ required: 'patch', declared: 'none', ok: false });
    expect(describeSpecBumps([result!])[1]).toBe(
      '  patch  documentation-changed  /info/description  info.description changed',
    );
  });
});

describe('release diff and release version', () => {
  it('`release diff` exits 1 and prints the blocking changes', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec((spec) => {
      spec.components.schemas.Message.properties.status.enum = ['queued'];
    });
    ws.addChangeset('status.md', { [ws.packName]: 'patch' });
    const run = await cli(['diff', '--root', ws.root]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'major  enum-value-removed  /components/schemas/Message/properties/status/enum  enum value(s) "sent", "delivered" removed (via GET /messages)',
    );
    expect(run.stderr).toBe(
      `release: ${ws.packName}: the pending version bump is lower than the spec changes need; nothing was versioned`,
    );
  });

  it('`release version` stops before changeset version when the gate fails, so the changesets stay', async () => {
    ws = createFixtureWorkspace();
    ws.tag(`${ws.packName}@1.0.0`);
    ws.editSpec(removeDelete);
    ws.addChangeset('small.md', { [ws.packName]: 'patch' });
    const run = await cli(['version', '--root', ws.root]);
    expect(run.code).toBe(1);
    expect(existsSync(join(ws.root, '.changeset/small.md'))).toBe(true);
  });

  it('rejects a changeset with an unknown bump, naming the file', async () => {
    ws = createFixtureWorkspace();
    ws.write('.changeset/odd.md', `---\n"${ws.packName}": huge\n---\n\nx\n`);
    const run = await cli(['diff', '--root', ws.root]);
    expect(run).toMatchObject({
      code: 1,
      stderr: `release: .changeset/odd.md: "${ws.packName}" has bump "huge"; use major, minor, patch or none`,
    });
  });
});
