-- wrk script for benchmarks/load_test.py: the URL mix, and the figures as JSON.
--   LOAD_TEST_MIX=mix.txt LOAD_TEST_SUMMARY=summary.json wrk ... --script=load_test.lua URL
-- The mix file: one request a line, "path<TAB>Header: value<TAB>..."; every connection
-- goes through the lines in turn, each starting at a different line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local requests = {}
  for line in io.lines(os.getenv("LOAD_TEST_MIX")) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do
      table.insert(fields, field)
    end
    local headers = {}
    for i = 2, #fields do
      local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
      headers[name] = value
    end
    table.insert(requests, wrk.format("GET", fields[1], headers))
  end
  requests_list = requests
  counter = id or 0
  statuses = {}
end

function request()
  counter = counter + 1
  return requests_list[(counter % #requests_list) + 1]
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses") or {}
    for code, n in pairs(seen) do
      counts[code] = (counts[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  local e = summary.errors
  local json = string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "mean": %d, "max": %d}, '
      .. '"statuses": {%s}}',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max, table.concat(parts, ", ")
  )
  local out = assert(io.open(os.getenv("LOAD_TEST_SUMMARY"), "w"))
  out:write(json)
  out:close()
end
