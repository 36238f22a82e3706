-- wrk script: every connection (one per wrk thread) repeats the WOPI editing cycle on its own files:
-- acquire, refresh, unlock. Non-2xx answers are counted and printed, so a broken run cannot pass for a fast one.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  -- The run's name keeps the warm-up's half-finished cycles (files left locked) out of the measured run.
  run = args[1] or "run"
  -- The service credential lock-service requires (bench/lock-service.sh mints it).
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = args[2] }
  n = 0
  conflicts = 0
  ops = { "acquire", "refresh", "unlock" }
end

-- The step comes from the answers received, not the requests built: wrk builds one request ahead of time on a
-- thread before it connects, which would otherwise shift that thread's cycle by one.
function request()
  local cycle = math.floor(n / 3)
  local op = ops[(n % 3) + 1]
  local body = string.format('{"lockId":"bench-%d-%d","userId":"bench","clientApp":"wrk"}', id, cycle)
  return wrk.format("POST", string.format("/locks/%s-%d-%d/%s", run, id, cycle % 1000, op),
    headers, body)
end

function response(status, headers, body)
  n = n + 1
  if status ~= 200 then
    conflicts = conflicts + 1
    if conflicts == 1 then first_failure = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("conflicts")
    local first = thread:get("first_failure")
    if first then io.write("FIRST_FAILURE=" .. first .. "\n") end
  end
  io.write(string.format("NON_200=%d\n", bad))
  io.write(string.format("CALLS_PER_SECOND=%.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("P50_MS=%.2f\nP99_MS=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
