-- wrk script for bench/wopi-stack.mjs: Lock+Unlock cycles through wopi-api-service, signed as Office signs them.
-- One connection per wrk thread, one document per thread (wrk -t N -c N): a thread alternates LOCK and UNLOCK on its
-- document. The documents come from the file named by the first argument, one per line: path-and-query, proof,
-- old proof, timestamp, tab-separated. Non-200 answers are counted and printed, so a broken run cannot pass.
local documents = {}
local counter = 0
local threads = {}

function setup(thread)
  if #documents == 0 then
    for line in io.lines(os.getenv("LOCK_DOCUMENTS")) do
      local target, proof, old, stamp = line:match("([^\t]+)\t([^\t]+)\t([^\t]*)\t([^\t]+)")
      table.insert(documents, { target = target, proof = proof, old = old, stamp = stamp })
    end
  end
  local doc = documents[(counter % #documents) + 1]
  thread:set("target", doc.target)
  thread:set("proof", doc.proof)
  thread:set("old", doc.old)
  thread:set("stamp", doc.stamp)
  thread:set("lock", "bench-lock-" .. counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  n = 0
  failures = 0
  cycles = 0
end

-- The step comes from the answers received, not the requests built: wrk builds one request ahead of time before it
-- connects, which would otherwise shift the cycle by one.
function request()
  local override = (n % 2 == 0) and "LOCK" or "UNLOCK"
  return wrk.format("POST", target, {
    ["X-WOPI-Override"] = override, ["X-WOPI-Lock"] = lock, ["X-WOPI-Proof"] = proof,
    ["X-WOPI-ProofOld"] = old, ["X-WOPI-TimeStamp"] = stamp, ["Content-Length"] = "0" })
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures == 1 then first_failure = status .. " " .. string.sub(body or "", 1, 300) end
  elseif n % 2 == 1 then
    cycles = cycles + 1
  end
  n = n + 1
end

function done(summary, latency, requests)
  local bad, total = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("failures")
    total = total + thread:get("cycles")
    local first = thread:get("first_failure")
    if first then io.write("FIRST_FAILURE=" .. first .. "\n") end
  end
  io.write(string.format("NON_200=%d\n", bad))
  io.write(string.format("CYCLES_PER_SECOND=%.1f\n", total / (summary.duration / 1e6)))
  io.write(string.format("P50_MS=%.2f\nP99_MS=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
