// Loaded with `node --import` into each helpflow process the XL benchmark starts: at exit, the
// process writes its peak resident memory (bytes; every thread's, DuckDB's included) to the
// file HELPFLOW_BENCH_PEAK_RSS names.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.HELPFLOW_BENCH_PEAK_RSS;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
