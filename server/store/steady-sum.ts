/**
 * SUM of DOUBLE terms, as SQL, that gives the same bits on every run. DuckDB's sum() adds the
 * partial sums of its threads in whatever order they finish, and floating-point addition is not
 * associative, so a report's last bits varied from run to run (the experts' `help`, found by
 * `npm run golden`). Here each group's terms are summed one by one, smallest first: a fixed
 * order that needs no total order on the rows, since equal terms are interchangeable.
 *
 * Measured on the benchmark's M organisation (readTopicHelp, 287 k groups from 300 k events,
 * two threads): no cost beyond the noise of a shared machine (about 0.8 s of CPU before and
 * after), where `sum(x ORDER BY x)` took 1.4 s and a DECIMAL(38, 18) sum 0.9 s (and would round
 * terms below 10^-18, such as a 60th reply's credit, to 0).
 *
 * `filter` is an aggregate FILTER condition; like sum(), the result is NULL for no rows.
 */
export function steadySum(term: string, filter?: string): string {
  const terms = filter === undefined ? `list(${term})` : `list(${term}) FILTER (WHERE ${filter})`;
  return `list_sum(list_sort(${terms}))`;
}

/**
 * Weights on a grid of 1/1024 and below 2^20 add up to the same bits in any order (every partial
 * sum is exact while it stays below 2^43, eight million of the largest), so a plain sum() of
 * them needs no fixed order. The kind weights are (0.5, 1, 2, 4); an interchange file's own
 * weights (0.1) may not be.
 */
export function onExactGrid(weight: number): boolean {
  return Number.isInteger(weight * 1024) && Math.abs(weight) < 2 ** 20;
}

/** SQL: true for a `weight` off onExactGrid's grid (NULL, the kind's weight, is on it). */
export function offExactGrid(weight: string): string {
  return `(${weight} IS NOT NULL AND (abs(${weight}) >= ${2 ** 20} OR ${weight} * 1024 <> round(${weight} * 1024)))`;
}

/**
 * SQL: one row whose `off` is true when some `weight` of `relation` (aliased `i`) is off
 * onExactGrid's grid: whether its sums need steadySum.
 */
export function anyOffExactGrid(relation: string): string {
  return `SELECT EXISTS (SELECT 1 FROM ${relation} i WHERE ${offExactGrid('i.weight')}) AS off`;
}

/**
 * A sum of weights: a plain sum() when they are known to add up exactly (`exact`, from
 * onExactGrid), which is cheaper, else steadySum.
 */
export function weightSum(term: string, filter: string | undefined, exact: boolean): string {
  if (!exact) return steadySum(term, filter);
  return filter === undefined ? `sum(${term})` : `(sum(${term}) FILTER (WHERE ${filter}))`;
}
