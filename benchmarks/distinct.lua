-- wrk script for benchmarks/run.py: every request a different address of one page type.
--   BENCH_ADDRESSES=addresses.txt wrk ... -s distinct.lua URL
-- The file: one path a line. Thread i of n asks for lines i, i + n, i + 2n, ...; no
-- address is asked for twice unless the list runs out (the report counts repeats).
-- Headers given with -H apply to every request. done() prints the figures run.py reads.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_ADDRESSES")) do
    table.insert(paths, line)
  end
  step = tonumber(os.getenv("BENCH_THREADS"))
  index = id
  repeats = 0
end

function request()
  if index > #paths then
    index = index - #paths
    repeats = repeats + 1
  end
  local path = paths[index]
  index = index + step
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  local repeated = 0
  for _, thread in ipairs(threads) do
    repeated = repeated + thread:get("repeats")
  end
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.bytes, repeated))
end
