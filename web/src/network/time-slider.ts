import type { Window } from '../api/types.ts';
import { h } from '../ui/dom.ts';
import { formatWindow } from '../ui/format.ts';

/**
 * The time slider: steps the window a week at a time back from the latest one, keeping its
 * length, so a reader can watch the network change. The latest window (the default one, which
 * ends at the newest data) is remembered the first time a view shows it; each step becomes the
 * filters' dates, so every other view follows the same window.
 */

export const SLIDER_DEFAULTS = { weeks: 52 };

const WEEK_MS = 7 * 86_400_000;

/** The default window, as first seen: the slider's right end. */
let latest: Window | null = null;

/** Remembers the default window when the view showed it (no dates chosen). */
export function rememberLatest(window: Window, datesChosen: boolean): void {
  if (!datesChosen) latest = window;
}

/** The filters' dates (the end inclusive) for the window `weeks` steps back from the latest. */
export function datesFor(weeks: number): { from: string; to: string } {
  if (!latest || weeks === 0) return { from: '', to: '' };
  const length = Date.parse(latest.to) - Date.parse(latest.from);
  const to = Date.parse(latest.to) - weeks * WEEK_MS;
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  return { from: day(to - length), to: day(to - 1) };
}

/** How many weeks `window` ends before the latest one. */
function weeksBack(window: Window): number {
  if (!latest) return 0;
  return Math.max(0, Math.round((Date.parse(latest.to) - Date.parse(window.to)) / WEEK_MS));
}

export function timeSlider(window: Window, onStep: (weeks: number) => void): HTMLElement | null {
  if (!latest) return null;
  const back = weeksBack(window);
  const max = Math.max(SLIDER_DEFAULTS.weeks, back);
  const input = h('input', {
    attrs: {
      type: 'range',
      name: 'weeks-back',
      min: -max,
      max: 0,
      step: 1,
      value: -back,
      'aria-label': 'Weeks before the latest window',
      'aria-valuetext': formatWindow(window),
    },
  });
  const step = (weeks: number) => onStep(Math.min(max, Math.max(0, weeks)));
  // "change", not "input": each step loads a network, so only where the reader lets go.
  input.addEventListener('change', () => step(-Number(input.value)));
  const button = (text: string, label: string, weeks: number, disabled: boolean) =>
    h('button', {
      text,
      attrs: { type: 'button', 'aria-label': label, disabled },
      on: { click: () => step(weeks) },
    });
  return h(
    'div',
    { class: 'time-slider' },
    button('◀', 'One week earlier', back + 1, back >= max),
    input,
    button('▶', 'One week later', back - 1, back === 0),
    h('span', {
      class: 'slider-window',
      text: `${formatWindow(window)}${back === 0 ? ' (latest)' : ` (${back} week${back === 1 ? '' : 's'} back)`}`,
    }),
  );
}
