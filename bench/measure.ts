/** Runs each case once to warm up, then `rounds` times, and prints its median and 95th percentile. */
export async function measure(cases: [name: string, run: () => Promise<unknown>, prepare?: () => Promise<unknown>][], rounds: number): Promise<void> {
  console.log(`${rounds} rounds each, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`);
  for (const [name, run, prepare] of cases) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // What happens before each timed run (a change the run must see) is not timed.
      if (prepare) await prepare();
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(40)} median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms   p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms`);
  }
  const memory = process.memoryUsage();
  console.log(`process memory: rss ${Math.round(memory.rss / 1048576)} MiB, heap used ${Math.round(memory.heapUsed / 1048576)} MiB`);
}
