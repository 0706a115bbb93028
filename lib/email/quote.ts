/**
 * Where the quoted history of an emailed message starts, so the thread view can fold it behind a
 * toggle while the whole text stays stored. Pure and browser-safe: the ticket view imports it.
 *
 * Recognised openings, as mail clients write them:
 * - a run of lines starting with `>` (RFC 3676 quoting), with the attribution line before it;
 * - "On <date>, <name> wrote:" (Gmail, Apple Mail, Thunderbird), possibly wrapped over two lines;
 * - Outlook's "-----Original Message-----", and its "From: … / Sent: …" header block;
 * - a forwarded message's "---------- Forwarded message ---------".
 */
export type SplitText = { reply: string; quoted: string | null };

const ATTRIBUTION = /^\s*(On\b.{0,300}\bwrote:|Am\b.{0,300}\bschrieb\b.{0,100}:|Le\b.{0,300}\ba écrit\s?:|El\b.{0,300}\bescribió:)\s*$/i;
const SEPARATOR = /^\s*(-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}|_{20,})\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(From|Von|De):\*?\s+\S/;
const OUTLOOK_NEXT = /^\s*\*?(Sent|Date|Gesendet|Envoyé|To|An|À|Subject|Betreff|Objet):\*?\s/;

/**
 * For each line, whether it and every line after it are quoted, blank or an attribution: filled
 * from the end in one pass, so finding a trailing quote stays linear however long the message is.
 */
function quotedToEnd(lines: string[]): boolean[] {
  const quoted = new Array<boolean>(lines.length + 1);
  quoted[lines.length] = true;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    quoted[i] = quoted[i + 1]! && (l.startsWith('>') || l.trim() === '' || ATTRIBUTION.test(l));
  }
  return quoted;
}

function quoteStart(lines: string[]): number | null {
  const toEnd = quotedToEnd(lines);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (SEPARATOR.test(line)) return i;
    if (ATTRIBUTION.test(line)) return i;
    // "On Tue, 3 Mar 2026 at 10:00, Ada Lovelace <ada@example.com>" + "wrote:" on the next line.
    const next = lines[i + 1];
    if (/^\s*On\b/i.test(line) && next !== undefined && /^\s*.{0,200}\bwrote:\s*$/i.test(next) && ATTRIBUTION.test(`${line} ${next}`)) return i;
    if (OUTLOOK_FROM.test(line) && next !== undefined && OUTLOOK_NEXT.test(next)) return i;
    // A quote only when the rest of the message is quoted or blank: an inline answer between quotes is the reply.
    if (line.startsWith('>') && toEnd[i]) return i;
  }
  return null;
}

export function splitQuoted(text: string): SplitText {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = quoteStart(lines);
  if (start === null) return { reply: text.trim(), quoted: null };
  const reply = lines.slice(0, start).join('\n').trim();
  const quoted = lines.slice(start).join('\n').trim();
  // A message that is nothing but a quote (a bare forward) shows it all.
  if (reply === '') return { reply: text.trim(), quoted: null };
  return { reply, quoted: quoted === '' ? null : quoted };
}
