-- Tallies the X-Cache header of every response (hit, miss, stale, shared, ...) and
-- prints the totals and the hit rate when wrk is done.
-- With an argument N (wrk ... -s cache-outcomes.lua URL -- N) it rotates over /news/1..N.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  outcomes = {}
  pages = tonumber(args[1] or "0") or 0
  sent = 0
end

function request()
  if pages > 0 then
    sent = sent + 1
    return wrk.format(nil, "/news/" .. ((sent % pages) + 1))
  end
  return wrk.format()
end

function response(status, headers, body)
  local outcome = headers["X-Cache"] or headers["x-cache"] or ("status " .. status)
  outcomes[outcome] = (outcomes[outcome] or 0) + 1
end

function done(summary, latency, requests)
  local totals, all = {}, 0
  for _, thread in ipairs(threads) do
    for outcome, count in pairs(thread:get("outcomes")) do
      totals[outcome] = (totals[outcome] or 0) + count
      all = all + count
    end
  end
  local parts = {}
  for outcome, count in pairs(totals) do table.insert(parts, outcome .. "=" .. count) end
  table.sort(parts)
  local served = (totals["hit"] or 0) + (totals["stale"] or 0) + (totals["shared"] or 0) + (totals["staleOnError"] or 0)
  io.write(string.format("cache outcomes: %s; hit rate %.2f%%\n", table.concat(parts, " "), all > 0 and 100 * served / all or 0))
  io.write(string.format("max latency: %.1f ms; errors: connect %d, read %d, write %d, timeout %d, status %d\n",
    latency.max / 1000, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
