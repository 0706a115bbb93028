import fc from 'fast-check';

/**
 * JSON text that JSON.stringify cannot write: `-0`, numbers beyond a double, nesting deeper than
 * any recursive serializer survives. toJsonText writes it verbatim where it stands in a value.
 */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
}

const TOKEN = '@@ld-raw-json@@';

/** JSON.stringify, but each RawJson in the value is written as its own text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `${TOKEN}${raws.push(v.text) - 1}${TOKEN}` : v));
  return (text ?? '').replace(new RegExp(`"${TOKEN}(\\d+)${TOKEN}"`, 'g'), (_match, i: string) => raws[Number(i)]!);
}

/** Depth 10,000: deeper than a naive recursive walk of the parsed body (or PostgreSQL's jsonb) survives. */
const DEPTH = 10_000;
const deepArray = new RawJson('['.repeat(DEPTH) + ']'.repeat(DEPTH), 'arrays nested 10,000 deep');
const deepObject = new RawJson(`${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`, 'objects nested 10,000 deep');

const ONE_MB = 1024 * 1024;
export const hugeString = 'x'.repeat(ONE_MB);
const hugeMultibyte = 'é😀'.repeat(ONE_MB / 6);

/** Strings that break naive SQL, full-text search (to_tsquery), path, template and Unicode handling. */
export const hostileStrings: string[] = [
  '',
  ' ',
  '\u0000',
  'before\u0000after',
  '\uD800',
  'lone \uDFFF surrogate',
  '\uFEFFbom',
  '\u202Eright-to-left',
  'Zalgo: Z̸̧̛a̴̡l̶g̵o̷',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  "' OR 1=1 --",
  "'; drop table tickets; --",
  '" or ""="',
  '!:*&|()<->',
  'a & b | !c <-> d:*',
  '(((((((((',
  "foo:* & 'bar'",
  '\\',
  '%',
  '%00',
  '_%_',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as literal text
  '${7*7}{{7*7}}',
  '0001-01-01',
  '9999-12-31',
  '0000-00-00',
  '2025-02-30',
  '2025-13-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2025-08-23T10:30:00+99:99',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '99999999999999999999999999999',
  '0x10',
  'true',
  'null',
  '__proto__',
  'constructor',
  'prototype',
  hugeString,
  hugeMultibyte,
];

export const hostileNumbers: unknown[] = [
  0,
  -1,
  1.5,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
  new RawJson('-0', '-0'),
  new RawJson('1e309', 'a number beyond a double'),
  new RawJson('123456789012345678901234567890', 'a 30-digit integer'),
  new RawJson('1e-400', 'a number below a double'),
];

/** Keys that pollute prototypes when copied into a plain object without care. */
export const pollutingKeys = ['__proto__', 'constructor', 'prototype'];

function pollutedObjects(): unknown[] {
  // Object.fromEntries makes own properties, so `__proto__` is sent as a key rather than setting the prototype.
  return pollutingKeys.flatMap((key) => [
    Object.fromEntries([[key, { polluted: true, isAdmin: true, toString: 'x' }]]),
    Object.fromEntries([[key, { prototype: { polluted: true } }]]),
  ]);
}

/** Every hostile value a field may be given in place of its own. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileNumbers) },
  { weight: 1, arbitrary: fc.constantFrom(deepArray, deepObject) },
  { weight: 1, arbitrary: fc.constantFrom(...pollutedObjects()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      [],
      {},
      [null],
      Array.from({ length: 10_000 }, (_, i) => i),
    ),
  },
);

/** Whole bodies that are not a JSON object, or barely one. */
export const hostileBodyTexts: string[] = [
  '',
  ' ',
  'not json',
  '{',
  '{"a":',
  '[]',
  'null',
  '0',
  '"a string"',
  '{"a":1,"a":2}',
  '\uFEFF{}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  deepArray.text,
  deepObject.text,
  `{"subject":"${hugeString}"}`,
  // Over every body limit but the bulk endpoints' (10 MB): the limit, not the parser, must answer.
  `{"content":"${'y'.repeat(3 * ONE_MB)}"}`,
];
