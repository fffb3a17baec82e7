// What every scenario reports, in one shape, so `bench/run.mjs` can print one table and write one file.
// A figure is one measured quantity with its value in each measured round (warm-up excluded); the
// harness shows its median and spread (min..max). A figure with a target says whether it was met:
// the target is checked against the median (or, for counts that must hold in every round, such as
// "0 lost", against every round), and a miss is printed, never hidden.

/** Median, min and max of a list of numbers (NaN for an empty list). */
export function summarize(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN };
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

/**
 * One figure.
 * - name: what it is ("through the gateway p99"); unit: "ms", "req/s", "s", "KiB", "count"...
 * - rounds: the value of each measured round (NaN or null: the round measured nothing).
 * - target (optional): { text: "p95 < 100 ms", check: (value) => boolean, every?: boolean }; checked
 *   against the median, or with `every` against each round (a round that measured nothing fails).
 */
export function figure(name, unit, rounds, target) {
  const values = rounds.map((value) => (typeof value === 'number' ? value : NaN));
  const { median, min, max } = summarize(values);
  const result = { name, unit, rounds: values, median, min, max };
  if (target) {
    result.target = target.text;
    result.judged = target.every ? 'every round' : 'median';
    const judged = target.every ? values : [median];
    result.met =
      judged.length > 0 && judged.every((value) => Number.isFinite(value) && Boolean(target.check(value)));
  }
  return result;
}

/** Target: the median below `limit` ("p95 < 100 ms"). */
export function below(limit, unit, label = '') {
  return { text: `${label}< ${limit}${unit ? ` ${unit}` : ''}`.trim(), check: (value) => value < limit };
}

/** Target: the median at least `limit` (">= 490 events/s"). */
export function atLeast(limit, unit, label = '') {
  return { text: `${label}>= ${limit}${unit ? ` ${unit}` : ''}`.trim(), check: (value) => value >= limit };
}

/** Target: exactly `expected` in every round (counts such as lost or duplicated: `exactly(0)`). */
export function exactly(expected) {
  return { text: `= ${expected} every round`, check: (value) => value === expected, every: true };
}

/** Runs `warmups` unmeasured rounds, then `count` measured ones; returns the measured rounds' results. */
export async function measureRounds({ warmups = 1, count = 3 }, round) {
  for (let i = 0; i < warmups; i += 1) await round({ warmup: true, index: i });
  const results = [];
  for (let i = 0; i < count; i += 1) results.push(await round({ warmup: false, index: i }));
  return results;
}

/** Rounds settings of a scenario: its defaults, overridden by WARMUPS and ROUNDS from the environment. */
export function roundSettings({ warmups = 1, count = 3 } = {}) {
  const fromEnv = (name, fallback) => {
    const value = process.env[name];
    if (value === undefined || value === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number: ${value}`);
    return number;
  };
  return { warmups: fromEnv('WARMUPS', warmups), count: Math.max(1, fromEnv('ROUNDS', count)) };
}

/** A number as the tables show it: three significant digits at most, thousands separated. */
export function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  const digits =
    magnitude >= 100 || Number.isInteger(value) ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Table rows (plain strings) for figures: figure, median, spread, unit, target, met. */
export function figureRows(figures, extra = {}) {
  return figures.map((entry) => ({
    ...extra,
    figure: entry.name,
    median: formatNumber(entry.median ?? NaN),
    spread:
      entry.rounds?.length > 1
        ? `${formatNumber(entry.min ?? NaN)}..${formatNumber(entry.max ?? NaN)}`
        : `(${entry.rounds?.length ?? 0} round)`,
    unit: entry.unit,
    target: entry.target ?? '',
    met: entry.target === undefined ? '' : entry.met ? 'yes' : 'NO',
  }));
}

/** Prints rows as an aligned text table (numbers and spreads right-aligned). */
export function printTable(rows, columns = Object.keys(rows[0] ?? {})) {
  const right = new Set(['median', 'spread', 'duration']);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells) =>
    cells
      .map((cell, i) =>
        right.has(columns[i]) ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i]),
      )
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => row[column] ?? '')));
}

/** Prints a scenario's figures as a table, with a line for every missed target. */
export function printFigures(figures) {
  if (figures.length === 0) return;
  printTable(figureRows(figures));
  const missed = figures.filter((entry) => entry.target !== undefined && !entry.met);
  for (const entry of missed)
    console.log(
      `TARGET MISSED: ${entry.name}: ${formatNumber(entry.median)} ${entry.unit}, target ${entry.target}`,
    );
}
