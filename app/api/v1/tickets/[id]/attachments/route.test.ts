import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { attachments } from '@/db/schema';
import { expectError, expectValidationError, ticketEvents } from '@/lib/test/expectations';
import { createTicket, createKey } from '@/lib/test/factories';
import { base64, downloadPath, everyByte, storedFiles } from '@/lib/test/files';
import { call, send } from '@/lib/test/api';
import type { TicketJson } from '@/lib/tickets/schema';
import type { toAttachmentJson, toReplyJson } from '@/lib/tickets/serialize';

type AttachmentJson = ReturnType<typeof toAttachmentJson>;
type ReplyJson = ReturnType<typeof toReplyJson>;

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
  readKey = await createKey('read');
});

/** A multipart body; Request adds the content-type with its boundary, as a browser or curl would. */
function form(...files: File[]): FormData {
  const data = new FormData();
  for (const file of files) data.append('file', file);
  return data;
}

const upload = (ticketId: number, rawBody: BodyInit, key = writeKey) =>
  call<AttachmentJson[]>('POST', `/api/v1/tickets/${ticketId}/attachments`, { key, rawBody });

async function uploadOne(file: File): Promise<AttachmentJson> {
  const ticket = await createTicket();
  const res = await upload(ticket.id, form(file));
  expect(res.status).toBe(201);
  return res.body.data[0]!;
}

const download = (attachment: AttachmentJson, key: string | undefined = readKey) => send('GET', downloadPath(attachment.url, attachment.id), { key });

const attachmentRows = (ticketId: number) => getDb().select().from(attachments).where(eq(attachments.ticketId, ticketId));

describe('POST /api/v1/tickets/{id}/attachments', () => {
  it('stores one file part and answers 201 with a list of {id, filename, size, url}', async () => {
    const ticket = await createTicket();
    const filesBefore = await storedFiles();
    const res = await upload(ticket.id, form(new File([everyByte], 'error_screenshot.png', { type: 'image/png' })));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      data: [{ id: expect.any(Number), filename: 'error_screenshot.png', size: 256, url: expect.any(String) }],
    });
    downloadPath(res.body.data[0]!.url, res.body.data[0]!.id);
    expect(await storedFiles()).toHaveLength(filesBefore.length + 1);
  });

  it('stores several parts named file, in the order sent', async () => {
    const ticket = await createTicket();
    const res = await upload(
      ticket.id,
      form(
        new File(['first'], 'a.txt', { type: 'text/plain' }),
        new File([new Uint8Array(1000)], 'b.bin'),
        new File(['%PDF-1.4'], 'c.pdf', { type: 'application/pdf' }),
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body.data.map(({ filename, size }) => ({ filename, size }))).toEqual([
      { filename: 'a.txt', size: 5 },
      { filename: 'b.bin', size: 1000 },
      { filename: 'c.pdf', size: 8 },
    ]);
    expect(new Set(res.body.data.map((a) => a.id)).size).toBe(3);
  });

  it('lists uploaded files among the ticket attachments, not on any reply', async () => {
    const ticket = await createTicket();
    const { body } = await upload(ticket.id, form(new File(['log'], 'server.log'), new File(['log 2'], 'worker.log')));

    const res = await call<TicketJson>('GET', `/api/v1/tickets/${ticket.id}`, { key: readKey });
    expect(res.body.data.attachments).toEqual(body.data);
    expect(res.body.data.replies).toEqual([]);
  });

  it('records a ticket.updated event naming the attachments', async () => {
    const ticket = await createTicket();
    const { body } = await upload(ticket.id, form(new File(['log'], 'server.log')));
    const updates = (await ticketEvents(ticket.id)).filter((e) => e.type === 'ticket.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.payload).toMatchObject({ changes: ['attachments'], ticket: { id: ticket.id, attachments: body.data } });
  });

  it('ignores text fields next to the file parts', async () => {
    const ticket = await createTicket();
    const data = form(new File(['hello'], 'hello.txt'));
    data.append('description', 'a note that is not a file');
    const res = await upload(ticket.id, data);
    expect(res.status).toBe(201);
    expect(res.body.data.map((a) => a.filename)).toEqual(['hello.txt']);
  });

  it('accepts an empty file', async () => {
    const attachment = await uploadOne(new File([], 'empty.txt'));
    expect(attachment.size).toBe(0);
    const res = await download(attachment);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses a multipart body without a part named file', async () => {
    const ticket = await createTicket();
    const data = new FormData();
    data.append('attachment', new File(['x'], 'x.txt'));
    expectValidationError(await upload(ticket.id, data), [{ field: 'file', message: 'Send at least one part named "file"' }]);
    expect(await attachmentRows(ticket.id)).toEqual([]);
  });

  it('refuses a part named file that is text rather than a file', async () => {
    const ticket = await createTicket();
    const data = new FormData();
    data.append('file', 'just some text');
    expectValidationError(await upload(ticket.id, data), [{ field: 'file', message: 'Send at least one part named "file"' }]);
  });

  it('stores 20 files in one request, and refuses 21 naming the limit, storing none', async () => {
    const ticket = await createTicket();
    const files = (n: number) => Array.from({ length: n }, (_, i) => new File([`file ${i}`], `f${i}.txt`));
    const twenty = await upload(ticket.id, form(...files(20)));
    expect(twenty.status).toBe(201);
    expect(twenty.body.data).toHaveLength(20);

    const filesBefore = await storedFiles();
    expectValidationError(await upload(ticket.id, form(...files(21))), [{ field: 'file', message: 'At most 20 files per request' }]);
    expectValidationError(await upload(ticket.id, form(...files(1000))), [{ field: 'file', message: 'At most 20 files per request' }]);
    expect(await attachmentRows(ticket.id)).toHaveLength(20);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('strips control characters and bidirectional overrides from filenames', async () => {
    // U+202E makes "invoice\u202Efdp.exe" read as "invoiceexe.pdf" in a file list.
    expect((await uploadOne(new File(['MZ'], 'invoice\u202Efdp.exe'))).filename).toBe('invoicefdp.exe');
    const marks = 'a\u200Eb\u200Fc\u202Ad\u202Be\u202Cf\u202Dg\u2066h\u2067i\u2068j\u2069k\u061Cl.txt';
    expect((await uploadOne(new File(['x'], marks))).filename).toBe('abcdefghijkl.txt');
    expect((await uploadOne(new File(['x'], 'tab\there\u0007\u007F\u0085\u009F.txt'))).filename).toBe('tabhere.txt');
    expect((await uploadOne(new File(['x'], '\u202E\u0007'))).filename).toBe('upload');
  });

  it('strips them from base64 attachment filenames too', async () => {
    const ticket = await createTicket();
    const reply = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      key: writeKey,
      body: {
        content: 'Invoice attached',
        attachments: [
          { filename: 'invoice\u202Efdp.exe', content: base64(everyByte) },
          { filename: '\u2066\u0001', content: 'eA==' },
        ],
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.data.attachments.map((a) => a.filename)).toEqual(['invoicefdp.exe', 'upload']);
    const res = await download(reply.body.data.attachments[0]!);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''invoicefdp.exe");
  });

  it('refuses a JSON body: files are uploaded as multipart/form-data', async () => {
    const ticket = await createTicket();
    const res = await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, {
      key: writeKey,
      body: { filename: 'a.txt', content: base64(everyByte) },
    });
    expectValidationError(res, [{ field: 'file', message: 'Upload files as multipart/form-data parts named "file"' }]);
  });

  it('refuses a body that claims to be multipart but is not', async () => {
    const ticket = await createTicket();
    const res = await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, {
      key: writeKey,
      rawBody: 'this is not multipart',
      headers: { 'content-type': 'multipart/form-data; boundary=----loopdesk' },
    });
    expectValidationError(res, [{ field: 'file', message: 'Request body is not valid multipart/form-data' }]);
  });

  it('answers 404 for a ticket that does not exist and leaves no file on disk', async () => {
    const filesBefore = await storedFiles();
    const res = await upload(999_999, form(new File([everyByte], 'orphan.png')));
    expectError(res, { status: 404, code: 'NOT_FOUND', message: 'Ticket not found' });
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it('answers 403 to a read key and 401 without a key, storing nothing', async () => {
    const ticket = await createTicket();
    const filesBefore = await storedFiles();
    expectError(await upload(ticket.id, form(new File(['x'], 'x.txt')), readKey), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires write permission',
    });
    expectError(await call('POST', `/api/v1/tickets/${ticket.id}/attachments`, { rawBody: form(new File(['x'], 'x.txt')) }), {
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'Authentication required: send Authorization: Bearer <API key>',
    });
    expect(await attachmentRows(ticket.id)).toEqual([]);
    expect(await storedFiles()).toEqual(filesBefore);
  });
});

describe('GET /api/v1/files/{id}/download', () => {
  it('returns the exact bytes uploaded, every byte value intact, with safe headers', async () => {
    const attachment = await uploadOne(new File([everyByte], 'error_screenshot.png', { type: 'image/png' }));
    const res = await download(attachment);

    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(everyByte);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': '256',
      'content-disposition': "attachment; filename*=UTF-8''error_screenshot.png",
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
  });

  it.each([
    ['photo.png', '(no type)', 'image/png', 'inline'],
    ['photo.JPG', '(no type)', 'image/jpeg', 'inline'],
    ['anim.gif', '(no type)', 'image/gif', 'inline'],
    ['photo.webp', '(no type)', 'image/webp', 'inline'],
    ['solution_steps.pdf', '(no type)', 'application/pdf', 'inline'],
    ['notes.txt', '(no type)', 'text/plain; charset=utf-8', 'inline'],
    ['export.csv', 'text/csv', 'text/csv', 'attachment'],
    ['page.html', '(no type)', 'text/html', 'attachment'],
    ['page.html', 'text/html', 'text/html', 'attachment'],
    ['logo.svg', '(no type)', 'image/svg+xml', 'attachment'],
    ['logo.svg', 'image/svg+xml', 'image/svg+xml', 'attachment'],
    ['innocent.dat', 'text/html', 'text/html', 'attachment'],
    ['disguised.png', 'image/svg+xml', 'image/svg+xml', 'attachment'],
    ['script.js', '(no type)', 'text/javascript', 'attachment'],
    ['blob.unknownext', '(no type)', 'application/octet-stream', 'attachment'],
  ])('serves %s declared as %s with Content-Type %s, disposition %s when asked for ?inline=1', async (filename, declared, type, disposition) => {
    const bytes = new TextEncoder().encode('<script>alert(1)</script>');
    const attachment = await uploadOne(new File([bytes], filename, { type: declared === '(no type)' ? '' : declared }));
    const res = await send('GET', `${downloadPath(attachment.url, attachment.id)}?inline=1`, { key: readKey });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(`${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it.each([['photo.png'], ['solution_steps.pdf'], ['logo.svg'], ['page.html']])(
    'serves %s as an attachment unless a preview is asked for',
    async (filename) => {
      const attachment = await uploadOne(new File(['x'], filename));
      for (const query of ['', '?inline=0', '?inline=false']) {
        const res = await send('GET', `${downloadPath(attachment.url, attachment.id)}${query}`, { key: readKey });
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
      }
    },
  );

  it('refuses an inline value it does not know', async () => {
    const attachment = await uploadOne(new File(['x'], 'photo.png'));
    const res = await send('GET', `${downloadPath(attachment.url, attachment.id)}?inline=yes`, { key: readKey });
    expect(res.status).toBe(400);
  });

  it('percent-encodes a non-ASCII filename in Content-Disposition', async () => {
    const attachment = await uploadOne(new File(['%PDF'], 'résumé "final".pdf'));
    expect(attachment.filename).toBe('résumé "final".pdf');
    const res = await download(attachment);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf");
  });

  it("percent-encodes ' ( ) and * too, which RFC 8187 does not allow bare in filename*", async () => {
    const attachment = await uploadOne(new File(['%PDF'], "John's notes (v2)*.pdf"));
    const res = await download(attachment);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''John%27s%20notes%20%28v2%29%2A.pdf");
  });

  it('downloads an attachment sent base64-encoded with a reply', async () => {
    const ticket = await createTicket();
    const reply = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      key: writeKey,
      body: { content: 'Steps attached', attachments: [{ filename: 'solution_steps.pdf', content: base64(everyByte) }] },
    });
    const res = await download(reply.body.data.attachments[0]!);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(everyByte);
  });

  it('answers 401 to a download without a key', async () => {
    const attachment = await uploadOne(new File([everyByte], 'private.png'));
    const res = await call('GET', downloadPath(attachment.url, attachment.id));
    expectError(res, { status: 401, code: 'UNAUTHORIZED', message: 'Authentication required: send Authorization: Bearer <API key>' });
  });

  it('answers 404 for a file id that does not exist', async () => {
    expectError(await call('GET', '/api/v1/files/999999/download', { key: readKey }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'File not found',
    });
    expectError(await call('GET', '/api/v1/files/abc/download', { key: readKey }), {
      status: 404,
      code: 'NOT_FOUND',
      message: 'Resource not found',
    });
  });
});

describe('DELETE /api/v1/tickets/{id} and attachment files', () => {
  it("removes the ticket's files, uploaded and from replies, from disk", async () => {
    const ticket = await createTicket();
    const filesBefore = await storedFiles();
    const uploaded = await upload(ticket.id, form(new File([everyByte], 'a.png'), new File(['b'], 'b.txt')));
    const reply = await call<ReplyJson>('POST', `/api/v1/tickets/${ticket.id}/replies`, {
      key: writeKey,
      body: { content: 'Attached', attachments: [{ filename: 'c.pdf', content: base64(everyByte) }] },
    });
    const ours = (await storedFiles()).filter((f) => !filesBefore.includes(f));
    expect(ours).toHaveLength(3);

    const deleted = await call('DELETE', `/api/v1/tickets/${ticket.id}`, { key: writeKey });
    expect(deleted.status).toBe(204);

    expect(await storedFiles()).toEqual(filesBefore);
    for (const attachment of [...uploaded.body.data, ...reply.body.data.attachments]) {
      expectError(await call('GET', downloadPath(attachment.url, attachment.id), { key: readKey }), {
        status: 404,
        code: 'NOT_FOUND',
        message: 'File not found',
      });
    }
  });

  it("leaves other tickets' files in place", async () => {
    const kept = await createTicket();
    const removed = await createTicket();
    const keptFile = (await upload(kept.id, form(new File([everyByte], 'keep.png')))).body.data[0]!;
    await upload(removed.id, form(new File([everyByte], 'drop.png')));

    await call('DELETE', `/api/v1/tickets/${removed.id}`, { key: writeKey });

    const res = await download(keptFile);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(everyByte);
  });
});
