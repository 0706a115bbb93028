'use client';

import { type KeyboardEvent, useId, useRef, useState } from 'react';

export type Sample = { label: string; path: string; code: string };

const focus = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/**
 * One example in several languages, as tabs with the WAI-ARIA keyboard pattern: Tab reaches the
 * chosen tab, the arrow keys, Home and End choose another, and Tab again goes into its code.
 */
export function SampleTabs({ title, samples }: { title: string; samples: Sample[] }) {
  const [selected, setSelected] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();

  function choose(index: number) {
    setSelected(index);
    tabs.current[index]?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    const last = samples.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: selected === last ? 0 : selected + 1,
      ArrowLeft: selected === 0 ? last : selected - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    choose(next);
  }

  return (
    <figure className="my-6 overflow-hidden rounded-lg border border-slate-300">
      <figcaption className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-medium text-slate-800">{title}</figcaption>
      <div role="tablist" aria-label={`${title}: language`} className="flex gap-1 border-b border-slate-200 bg-white px-2">
        {samples.map((sample, index) => (
          <button
            key={sample.label}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${index}`}
            aria-selected={index === selected}
            aria-controls={`${id}-panel-${index}`}
            tabIndex={index === selected ? 0 : -1}
            onClick={() => choose(index)}
            onKeyDown={onKeyDown}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${focus} ${
              index === selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {sample.label}
          </button>
        ))}
      </div>
      {samples.map((sample, index) => (
        <div
          key={sample.label}
          role="tabpanel"
          id={`${id}-panel-${index}`}
          aria-labelledby={`${id}-tab-${index}`}
          hidden={index !== selected}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a tab panel without focusable content takes focus (WAI-ARIA tabs pattern), so keyboard users can scroll its code sideways
          tabIndex={0}
          className={`overflow-x-auto bg-slate-900 text-slate-100 ${focus}`}
        >
          <p className="px-4 pt-3 font-mono text-xs text-slate-300">{sample.path}</p>
          <pre className="px-4 pt-2 pb-4 text-[13px] leading-relaxed">
            <code>{sample.code}</code>
          </pre>
        </div>
      ))}
    </figure>
  );
}
