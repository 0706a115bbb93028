/** The runtime's canonical zone names (and UTC, which the list leaves out), looked up case-insensitively. */
let listed: Map<string, string> | undefined;

function listedZones(): Map<string, string> {
  listed ??= new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]));
  return listed;
}

// A zone name (`Area/Location`, `UTC`, `Etc/GMT+5`), never a bare UTC offset such as `+01:00`.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The IANA time zone `name` names, spelled as the time zone database spells it, or undefined.
 * `Intl.supportedValuesOf` lists only ICU's canonical names, which leave out current IANA names
 * such as Asia/Kolkata or Europe/Kyiv; those are accepted when Intl.DateTimeFormat knows them,
 * and kept as given rather than rewritten to ICU's older spelling.
 */
export function ianaTimeZone(name: string): string | undefined {
  if (!ZONE_NAME.test(name)) return undefined;
  const known = listedZones().get(name.toLowerCase());
  if (known) return known;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}
