-- wrk script for bench/serve_load.sh: POSTs case files in turn (or GETs the URL when no file is
-- given), counts every response outside 2xx, and prints one machine-readable summary line.
--
--   wrk -t1 -c1 -d10s --latency -s bench/serve_load.lua URL -- [FILE...]
--
-- The summary line (read by bench/serve_load.py) gives the latencies in microseconds, exactly
-- as wrk's histogram holds them, instead of wrk's rounded "1.23ms":
--   regel-wrk: requests=N duration_us=N p50_us=N p90_us=N p99_us=N p999_us=N max_us=N mean_us=N
--              connect=N read=N write=N timeout=N status=N non2xx=N
-- `status` is wrk's own count of responses with a status above 399; `non2xx` is ours (below 200
-- or above 299).

local threads = {}
local counter = 0

function setup(thread)
  -- Each thread starts at a different file, so that two threads do not send the same case in step.
  thread:set("first", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local index = 0

function init(args)
  non2xx = 0
  for _, file in ipairs(args) do
    local f = assert(io.open(file, "rb"))
    local body = f:read("*a")
    f:close()
    requests[#requests + 1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  end
  if #requests == 0 then
    requests[1] = wrk.format("GET")
  end
  index = first % #requests
end

function request()
  index = index + 1
  if index > #requests then index = 1 end
  return requests[index]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do
    n = n + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "regel-wrk: requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f " ..
    "connect=%d read=%d write=%d timeout=%d status=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean, e.connect, e.read, e.write, e.timeout, e.status, n))
end
