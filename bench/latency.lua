-- wrk script: print p50/p95/p99 latency (ms), requests per second and every kind of error as JSON.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d, "requests": %d}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.requests))
end
