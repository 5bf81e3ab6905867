// What every browser benchmark script shares: its command-line options and the median of
// its runs.

/** The value given as `--name value` on the command line, else `fallback`. */
export function option(name, fallback, args = process.argv.slice(2)) {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

/** The median of the finite values (a figure a run could not take, NaN, is left out). */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
