/**
 * The POSIX tar format (ustar headers with pax extended headers, POSIX.1-2008 "pax"), as much of
 * it as a Loopdesk backup needs: regular files only. Written by us because Node has no tar and a
 * backup should not depend on which tar a server has; any tar (GNU, bsdtar) lists and extracts it.
 */

export const BLOCK = 512;

/** Bytes of zeros that bring `size` to a whole number of blocks. */
export const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Every entry we write carries its SHA-256 as the pax `comment` record (`sha256:<hex>`): POSIX
 * says readers ignore a comment, and GNU tar does so silently, where it warns about a vendor keyword.
 */
const CHECKSUM_PREFIX = 'sha256:';

export const checksumOf = (records: Record<string, string>) =>
  records.comment?.startsWith(CHECKSUM_PREFIX) ? records.comment.slice(CHECKSUM_PREFIX.length) : undefined;

/** The ustar size field holds 11 octal digits (8 GiB − 1); a larger size goes in a pax `size` record. */
const MAX_USTAR_SIZE = 0o77777777777;

const fitsUstarName = (path: string) => /^[\x20-\x7e]{1,100}$/.test(path);

/** A name an old tar that ignores pax records can still use; ours read the pax `path`. */
const ustarName = (path: string) => path.replace(/[^\x20-\x7e]/g, '_').slice(-100);

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

function ustarHeader(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'ascii');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size > MAX_USTAR_SIZE ? 0 : size);
  writeOctal(block, 136, 12, mtime);
  block.write(type, 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  // The checksum is summed with its own field read as spaces, then written as 6 digits, NUL, space.
  block.fill(' ', 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

/** One pax record, `<length> <key>=<value>\n`, where the length counts its own digits too. */
function paxRecord(key: string, value: string): string {
  const rest = Buffer.byteLength(` ${key}=${value}\n`);
  let digits = 1;
  while (String(rest + digits).length !== digits) digits++;
  return `${rest + digits} ${key}=${value}\n`;
}

/** The header blocks of one regular file: a pax header (path when long, size when huge, checksum), then its ustar header. */
export function entryHeaders(path: string, size: number, sha256: string, mtime: number): Buffer {
  let records = paxRecord('comment', `${CHECKSUM_PREFIX}${sha256}`);
  if (!fitsUstarName(path)) records += paxRecord('path', path);
  if (size > MAX_USTAR_SIZE) records += paxRecord('size', String(size));
  const pax = Buffer.from(records, 'utf8');
  return Buffer.concat([
    ustarHeader(ustarName(`PaxHeaders/${path}`), pax.length, 'x', mtime),
    pax,
    Buffer.alloc(padding(pax.length)),
    ustarHeader(fitsUstarName(path) ? path : ustarName(path), size, '0', mtime),
  ]);
}

/** The header blocks of an entry whose size is known only after its bytes are written (short ASCII paths only). */
export function reservedHeaderLength(path: string): number {
  if (!fitsUstarName(path)) throw new Error(`A streamed entry needs a short ASCII path, not ${path}`);
  return 3 * BLOCK;
}

export type Header = { name: string; size: number; type: string };

function cString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readNumber(block: Buffer, offset: number, length: number): number {
  // GNU tar writes sizes past 8 GiB in base 256, flagged by the high bit of the first byte.
  if ((block[offset]! & 0x80) !== 0) {
    return block.subarray(offset + 1, offset + length).reduce((value, byte) => value * 256 + byte, block[offset]! & 0x7f);
  }
  const text = cString(block, offset, length).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The header in `block`, or undefined when its checksum or magic says it is not one. */
export function parseHeader(block: Buffer): Header | undefined {
  const stored = readNumber(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (Number.isNaN(stored) || stored !== sum || block.toString('ascii', 257, 262) !== 'ustar') return undefined;
  const name = cString(block, 0, 100);
  const prefix = cString(block, 345, 155);
  const type = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
  return { name: prefix ? `${prefix}/${name}` : name, size: readNumber(block, 124, 12), type };
}

/** The records of a pax extended header, or undefined when they do not parse. */
export function parsePax(data: Buffer): Record<string, string> | undefined {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length && data[at] !== 0) {
    const space = data.indexOf(0x20, at);
    const length = Number.parseInt(data.toString('ascii', at, space), 10);
    if (space === -1 || !(length > 0) || at + length > data.length || data[at + length - 1] !== 0x0a) return undefined;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const equals = record.indexOf('=');
    if (equals === -1) return undefined;
    records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}
