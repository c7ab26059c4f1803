// A load generator in its own process, so that it does not share the measured servers'
// event loop: `concurrency` callers POST `body` to `url` back to back (keep-alive) for
// `durationMs`, then it prints {"served", "failed", "elapsedMs"} as JSON.
//
//   node loader.mjs <url> <concurrency> <durationMs> '<headers JSON>' '<body>'
const [url, concurrency, durationMs, headers, body] = process.argv.slice(2);
const end = performance.now() + Number(durationMs);
let served = 0;
let failed = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < end) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: JSON.parse(headers),
          body,
        });
        await res.arrayBuffer();
        if (res.status === 200) served++;
        else failed++;
      } catch {
        failed++;
      }
    }
  }),
);
process.stdout.write(
  `${JSON.stringify({
    served,
    failed,
    elapsedMs: performance.now() - began,
  })}\n`,
);
