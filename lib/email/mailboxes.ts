import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { departments, mailboxes, type Mailbox } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation, type FieldError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import { checkImapConnection, MAILBOXES_CHANNEL, UNREADABLE_PASSWORD } from './imap';
import { toMailboxJson, type MailboxRow } from './mailbox-serialize';
import type { z } from 'zod';
import type { CreateMailboxInput, listMailboxesQuery, MailboxJson, MailboxTestJson, MailboxWithTokenJson, UpdateMailboxInput } from './schema';

type ListMailboxesQuery = z.infer<typeof listMailboxesQuery>;

const TOKEN_PREFIX = 'ldmb_';
const VISIBLE_CHARS = TOKEN_PREFIX.length + 6;
const ADDRESS_INDEX = 'mailboxes_address_lower_idx';

/** The relay token is kept as API keys are: its SHA-256, looked up by index, so a stolen database holds no token. */
export function hashInboundToken(plain: string): string {
  return createHash('sha256').update(plain).digest('hex');
}

function newInboundToken() {
  const plain = TOKEN_PREFIX + randomBytes(24).toString('base64url');
  return { plain, columns: { inboundTokenHash: hashInboundToken(plain), inboundTokenPrefix: plain.slice(0, VISIBLE_CHARS) } };
}

/** Every column but the secrets: the IMAP password is only read by the fetcher, never for the API. */
const { imapPassword: _password, inboundTokenHash: _hash, ...publicColumns } = getTableColumns(mailboxes);

function selectMailboxes(db: Db) {
  return db
    .select({
      mailbox: { ...publicColumns, hasImapPassword: sql<boolean>`${mailboxes.imapPassword} is not null` },
      department: { id: departments.id, name: departments.name },
    })
    .from(mailboxes)
    .leftJoin(departments, eq(departments.id, mailboxes.departmentId));
}

type Selected = { mailbox: MailboxRow; department: { id: number; name: string } | null };
const toJson = ({ mailbox, department }: Selected) => toMailboxJson(mailbox, department);

async function getMailboxJsonOrThrow(db: Db, id: number): Promise<MailboxJson> {
  const [row] = await selectMailboxes(db).where(eq(mailboxes.id, id));
  if (!row) throw new NotFoundError('Mailbox');
  return toJson(row);
}

/** The whole row, IMAP password decrypted: for the fetcher and the connection test. */
export async function getMailboxOrThrow(db: Db, id: number): Promise<Mailbox> {
  const [mailbox] = await db.select().from(mailboxes).where(eq(mailboxes.id, id));
  if (!mailbox) throw new NotFoundError('Mailbox');
  return mailbox;
}

/** The mailbox a relay's token belongs to (only an active one), for POST /api/v1/inbound/email. */
export async function findMailboxByInboundToken(db: Db, token: string): Promise<Mailbox | null> {
  const [mailbox] = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.inboundTokenHash, hashInboundToken(token)), eq(mailboxes.active, true)));
  return mailbox ?? null;
}

/** GET /mailboxes: newest first, paginated. */
export async function listMailboxes(ctx: ServiceContext, q: ListMailboxesQuery) {
  const [rows, total] = await Promise.all([
    selectMailboxes(ctx.db)
      .orderBy(desc(mailboxes.id))
      .limit(q.per_page)
      .offset((q.page - 1) * q.per_page),
    ctx.db.$count(mailboxes),
  ]);
  return { items: rows.map(toJson), total };
}

export function getMailbox(ctx: ServiceContext, id: number): Promise<MailboxJson> {
  return getMailboxJsonOrThrow(ctx.db, id);
}

const addressTaken = (address: string) => `A mailbox with the address ${address} already exists`;

/** Addresses are unique whatever their case (the lower(address) index); `exceptId` lets a mailbox keep its own. */
async function checkAddressFree(db: Db, address: string, exceptId?: number) {
  const [taken] = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(and(eq(sql`lower(${mailboxes.address})`, address.toLowerCase()), exceptId ? ne(mailboxes.id, exceptId) : undefined));
  if (taken) throw new ConflictError(addressTaken(address), undefined, [{ field: 'address', message: addressTaken(address) }]);
}

/** Runs a write and turns the address index's unique_violation (a concurrent twin) into the same 409 the check gives. */
async function withUniqueAddress<T>(address: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (address !== undefined && isUniqueViolation(error, ADDRESS_INDEX)) {
      throw new ConflictError(addressTaken(address), { cause: error }, [{ field: 'address', message: addressTaken(address) }]);
    }
    throw error;
  }
}

/** The department must exist; FOR KEY SHARE holds it until commit, so a concurrent deletion waits. */
async function checkDepartment(db: Db, departmentId: number | null | undefined) {
  if (typeof departmentId !== 'number') return;
  const [found] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)).for('key share');
  if (!found) throw new ValidationError([{ field: 'department_id', message: `Department ${departmentId} does not exist` }]);
}

/** A mailbox Loopdesk fetches from needs an account to sign in with; a relay-only one (no host) needs none. */
function checkImapAccount(imap: { host: string | null; user: string | null; hasPassword: boolean }) {
  if (imap.host === null) return;
  const details: FieldError[] = [];
  if (imap.user === null) details.push({ field: 'imap_user', message: 'Required when imap_host is set' });
  if (!imap.hasPassword) details.push({ field: 'imap_password', message: 'Required when imap_host is set' });
  if (details.length > 0) throw new ValidationError(details);
}

/** The watchers reload once the transaction commits (NOTIFY is delivered at commit, and never on rollback). */
async function notifyWatchers(tx: Db) {
  await tx.execute(sql`select pg_notify(${MAILBOXES_CHANNEL}, '')`);
}

/** Creates a mailbox; its relay token is in this answer and rotate-token's only. */
export function createMailbox(ctx: ServiceContext, input: CreateMailboxInput): Promise<MailboxWithTokenJson> {
  checkImapAccount({ host: input.imap_host ?? null, user: input.imap_user ?? null, hasPassword: Boolean(input.imap_password) });
  const token = newInboundToken();
  return withUniqueAddress(input.address, () =>
    ctx.db.transaction(async (tx) => {
      await checkDepartment(tx, input.department_id);
      await checkAddressFree(tx, input.address);
      const [row] = await tx
        .insert(mailboxes)
        .values({
          name: input.name,
          address: input.address,
          fromName: input.from_name ?? null,
          departmentId: input.department_id ?? null,
          imapHost: input.imap_host ?? null,
          imapPort: input.imap_port,
          imapTls: input.imap_tls,
          imapUser: input.imap_user ?? null,
          imapPassword: input.imap_password ?? null,
          imapFolder: input.imap_folder,
          active: input.active,
          ...token.columns,
        })
        .returning({ id: mailboxes.id });
      const mailbox = await getMailboxJsonOrThrow(tx, row!.id);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('mailbox.created', mailbox.id, { mailbox })]);
      await notifyWatchers(tx);
      return { ...mailbox, inbound_token: token.plain };
    }),
  );
}

/**
 * The stored password is only ever sent to the server, user and security it was given for: an
 * admin pointing the account elsewhere (or dropping TLS) gives the password again, or the stored
 * one could be collected by a server of their choosing, though the API never shows it.
 */
function checkPasswordGoesWhereItWent(before: MailboxJson, input: UpdateMailboxInput): void {
  if (input.imap_password !== undefined || !before.has_imap_password) return;
  const moved = (['imap_host', 'imap_port', 'imap_user', 'imap_tls'] as const).filter((field) => input[field] !== undefined && input[field] !== before[field]);
  if (moved.length > 0) {
    throw new ValidationError([{ field: 'imap_password', message: `Give the password again when changing ${moved.join(', ')}` }]);
  }
}

/** Changes the given fields; the stored IMAP password stays unless a new one is given (see checkPasswordGoesWhereItWent). */
export function updateMailbox(ctx: ServiceContext, id: number, input: UpdateMailboxInput): Promise<MailboxJson> {
  return withUniqueAddress(input.address, () =>
    ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.id, id)).for('update');
      if (!locked) throw new NotFoundError('Mailbox');
      const before = await getMailboxJsonOrThrow(tx, id);
      checkImapAccount({
        host: input.imap_host === undefined ? before.imap_host : input.imap_host,
        user: input.imap_user === undefined ? before.imap_user : input.imap_user,
        hasPassword: input.imap_password === undefined ? before.has_imap_password : input.imap_password !== null,
      });
      checkPasswordGoesWhereItWent(before, input);
      await checkDepartment(tx, input.department_id);
      if (input.address !== undefined) await checkAddressFree(tx, input.address, id);
      await tx
        .update(mailboxes)
        .set({
          name: input.name,
          address: input.address,
          fromName: input.from_name,
          departmentId: input.department_id,
          imapHost: input.imap_host,
          imapPort: input.imap_port,
          imapTls: input.imap_tls,
          imapUser: input.imap_user,
          imapPassword: input.imap_password,
          imapFolder: input.imap_folder,
          active: input.active,
          updatedAt: new Date(),
        })
        .where(eq(mailboxes.id, id));
      const mailbox = await getMailboxJsonOrThrow(tx, id);
      const change = changeOf(before, mailbox);
      // A new password is recorded as changed, never by its value.
      if (input.imap_password !== undefined && !change.changes.includes('has_imap_password')) change.changes.push('imap_password');
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('mailbox.updated', id, { mailbox, ...change })]);
      await notifyWatchers(tx);
      return mailbox;
    }),
  );
}

/** Deletes the mailbox; its tickets and received emails stay, without it (the foreign keys' ON DELETE SET NULL). */
export async function deleteMailbox(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx.select({ id: mailboxes.id }).from(mailboxes).where(eq(mailboxes.id, id)).for('update');
    if (!locked) throw new NotFoundError('Mailbox');
    const mailbox = await getMailboxJsonOrThrow(tx, id);
    await tx.delete(mailboxes).where(eq(mailboxes.id, id));
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('mailbox.deleted', id, { mailbox })]);
    await notifyWatchers(tx);
  });
}

/** Issues a new relay token, returned this once; the old one stops working at commit. */
export async function rotateMailboxToken(ctx: ServiceContext, id: number): Promise<MailboxWithTokenJson> {
  const token = newInboundToken();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(mailboxes)
      .set({ ...token.columns, updatedAt: new Date() })
      .where(eq(mailboxes.id, id))
      .returning({ id: mailboxes.id });
    if (!row) throw new NotFoundError('Mailbox');
    const mailbox = await getMailboxJsonOrThrow(tx, id);
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('mailbox.token_rotated', id, { mailbox })]);
    return { ...mailbox, inbound_token: token.plain };
  });
}

/** "Test connection": signs in with the stored settings and opens the folder; changes nothing. */
export async function testMailboxConnection(ctx: ServiceContext, id: number): Promise<MailboxTestJson> {
  const mailbox = await getMailboxOrThrow(ctx.db, id).catch((error: unknown) => {
    if (error instanceof ConflictError) throw new ConflictError(UNREADABLE_PASSWORD, { cause: error });
    throw error;
  });
  if (mailbox.imapHost === null) {
    throw new ConflictError('This mailbox has no IMAP host: it receives mail through the relay endpoint only, so there is no connection to test');
  }
  return checkImapConnection(mailbox);
}
