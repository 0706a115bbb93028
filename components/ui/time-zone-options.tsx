'use client';

import { useBrowserValue } from './browser-value';

let zones: string[] | undefined;
const noZones: string[] = [];
// The runtime's list leaves out UTC; the server renders none, so its list never differs from the browser's.
const zoneList = () => (zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone')]);

/** The browser's time zone names as suggestions for a text input (`list={id}`); any IANA name may still be typed. */
export function TimeZoneOptions({ id }: { id: string }) {
  const list = useBrowserValue(zoneList, noZones);
  return (
    <datalist id={id}>
      {list.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
