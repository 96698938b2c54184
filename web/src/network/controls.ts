import { h } from '../ui/dom.ts';
import { formatWhole } from '../ui/format.ts';
import type { VisibilityOptions } from './visibility.ts';

/**
 * The "Show" controls beside the picture: hide people without ties, and the least a tie's
 * weight, a person's partners and their k-core must be to stay drawn. Each change applies at
 * once (the graph is already in the browser); the view says how much is left.
 */
export function visibilityControls(
  current: VisibilityOptions,
  limits: { unconnected: number; maxWeight: number; maxCore: number; maxDegree: number },
  onChange: (options: VisibilityOptions) => void,
): HTMLElement {
  const options = { ...current };
  const number = (
    name: 'minWeight' | 'minDegree' | 'minCore',
    label: string,
    max: number,
    step: number,
  ) =>
    h(
      'label',
      { class: 'field inline' },
      h('span', { text: label }),
      h('input', {
        attrs: {
          type: 'number',
          name,
          min: 0,
          max,
          step,
          value: options[name],
          inputmode: 'decimal',
        },
        on: {
          change: (event) => {
            const value = Number((event.target as HTMLInputElement).value);
            options[name] = Number.isFinite(value) && value > 0 ? value : 0;
            onChange({ ...options });
          },
        },
      }),
      h('span', { class: 'hint', text: `of ${formatWhole(max)}` }),
    );
  return h(
    'fieldset',
    { class: 'show-controls' },
    h('legend', { text: 'Show' }),
    h(
      'label',
      {},
      h('input', {
        attrs: { type: 'checkbox', name: 'hideUnconnected', checked: options.hideUnconnected },
        on: {
          change: (event) => {
            options.hideUnconnected = (event.target as HTMLInputElement).checked;
            onChange({ ...options });
          },
        },
      }),
      `Hide people without ties (${formatWhole(limits.unconnected)})`,
    ),
    number('minWeight', 'Ties of weight ≥', limits.maxWeight, 0.5),
    number('minDegree', 'People with partners ≥', limits.maxDegree, 1),
    number('minCore', 'k-core ≥', limits.maxCore, 1),
  );
}
