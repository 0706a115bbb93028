import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { everyByte } from '@/lib/test/files';
import { BackupError } from './errors';
import { entryHeaders, parseHeader, parsePax } from './tar-format';
import { readTar } from './tar-read';
import { createTarFile } from './tar-write';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loopdesk-tar-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const longPath = `files/${'ünïcödé-'.repeat(12)}/${'x'.repeat(80)}.bin`;
const big = Buffer.alloc(3 * 1024 * 1024 + 17, 0x5a);

async function* chunksOf(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** An archive with a small file, a streamed one of a few MB, a long non-ASCII path and an empty file. */
async function sampleArchive(name: string): Promise<string> {
  const file = path.join(dir, name);
  const tar = await createTarFile(file);
  await tar.add('first.json', Buffer.from('{"a":1}\n'));
  expect(await tar.addStream('stream.bin', chunksOf(big, 65_536))).toMatchObject({ size: big.length });
  await tar.add(longPath, everyByte);
  await tar.add('empty', new Uint8Array());
  await tar.close();
  return file;
}

async function readAll(file: string): Promise<Map<string, { bytes: Buffer; sha256: string | undefined }>> {
  const entries = new Map<string, { bytes: Buffer; sha256: string | undefined }>();
  for await (const entry of readTar(createReadStream(file))) entries.set(entry.path, { bytes: await entry.bytes(), sha256: entry.sha256 });
  return entries;
}

async function readError(file: string): Promise<BackupError> {
  const error = await readAll(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

describe('tar archives', () => {
  it('reads back every entry it wrote, with its bytes and checksum', async () => {
    const entries = await readAll(await sampleArchive('roundtrip.tar'));
    expect([...entries.keys()]).toEqual(['first.json', 'stream.bin', longPath, 'empty']);
    expect(entries.get('stream.bin')!.bytes.equals(big)).toBe(true);
    expect(entries.get(longPath)!.bytes.equals(Buffer.from(everyByte))).toBe(true);
    expect(entries.get('empty')!.bytes.length).toBe(0);
    expect(entries.get('first.json')!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes archives that GNU tar lists and extracts byte for byte', async () => {
    const file = await sampleArchive('gnu.tar');
    const listed = spawnSync('tar', ['-tf', file], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(listed.stdout.split('\n').filter(Boolean)).toEqual(['first.json', 'stream.bin', longPath, 'empty']);
    const out = await fs.mkdtemp(path.join(dir, 'x-'));
    expect(spawnSync('tar', ['-xf', file, '-C', out]).status).toBe(0);
    expect((await fs.readFile(path.join(out, 'stream.bin'))).equals(big)).toBe(true);
    expect((await fs.readFile(path.join(out, longPath))).equals(Buffer.from(everyByte))).toBe(true);
  });

  it('reads archives that GNU tar wrote, skipping directories', async () => {
    const src = await fs.mkdtemp(path.join(dir, 'src-'));
    await fs.mkdir(path.join(src, 'files', 'ab'), { recursive: true });
    await fs.writeFile(path.join(src, 'files', 'ab', 'one'), everyByte);
    await fs.writeFile(path.join(src, longPath.replace(/\//g, '_')), 'long');
    const file = path.join(dir, 'made-by-gnu.tar');
    expect(spawnSync('tar', ['--format=pax', '-cf', file, '-C', src, '.']).status).toBe(0);
    const entries = await readAll(file);
    expect(entries.get('./files/ab/one')!.bytes.equals(Buffer.from(everyByte))).toBe(true);
    expect(entries.get(`./${longPath.replace(/\//g, '_')}`)!.bytes.toString()).toBe('long');
    expect([...entries.keys()]).not.toContain('./files/');
  });

  it('puts a size past the ustar limit of 8 GiB in a pax record', () => {
    const headers = entryHeaders('huge.bin', 2 ** 34, '0'.repeat(64), 0);
    const pax = parseHeader(headers.subarray(0, 512))!;
    expect(pax.type).toBe('x');
    expect(parsePax(headers.subarray(512, 512 + pax.size))).toMatchObject({ size: String(2 ** 34) });
    expect(parseHeader(headers.subarray(1024, 1536))).toMatchObject({ name: 'huge.bin', size: 0, type: '0' });
  });

  it('says an archive cut short is truncated, wherever it was cut', async () => {
    const whole = await fs.readFile(await sampleArchive('whole.tar'));
    for (const length of [700, 1024 * 1024, whole.length - 1024]) {
      const cut = path.join(dir, `cut-${length}.tar`);
      await fs.writeFile(cut, whole.subarray(0, length));
      expect((await readError(cut)).message).toMatch(/^The archive is truncated: it ends (inside|before)/);
    }
    const empty = path.join(dir, 'empty.tar');
    await fs.writeFile(empty, '');
    expect((await readError(empty)).message).toBe('The archive is empty: it is not a Loopdesk backup.');
  });

  it('says which entry is damaged when a byte of its data changed', async () => {
    const bytes = await fs.readFile(await sampleArchive('damaged.tar'));
    const at = bytes.indexOf('ZZZZ') + 1000;
    bytes[at] = bytes[at]! ^ 0xff;
    const damaged = path.join(dir, 'damaged-copy.tar');
    await fs.writeFile(damaged, bytes);
    expect((await readError(damaged)).message).toBe('The archive is damaged: stream.bin does not match its checksum.');
  });

  it('says a file that is no tar archive is not a backup, and names a damaged header', async () => {
    const text = path.join(dir, 'notes.txt');
    await fs.writeFile(text, 'Not an archive at all\n'.repeat(100));
    expect((await readError(text)).message).toBe('This file is not a Loopdesk backup: it is not a tar archive.');
    const bytes = await fs.readFile(await sampleArchive('header.tar'));
    // The first entry takes four blocks (pax header and data, ustar header, data): the second's header starts at 2048.
    bytes[2058] = bytes[2058]! ^ 0xff;
    const broken = path.join(dir, 'broken-header.tar');
    await fs.writeFile(broken, bytes);
    expect((await readError(broken)).message).toBe('The archive is damaged: no valid entry header at byte 2048.');
  });
});
