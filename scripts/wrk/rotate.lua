-- Rotates over N paths, PREFIX..FIRST to PREFIX..(FIRST+N-1), one per request:
--   wrk ... -s rotate.lua URL -- PREFIX FIRST N
-- so that a run reads 100 different article pages rather than one. Each of wrk's threads
-- starts at its own place in the rotation, so that with N larger than a run's requests
-- every page is read once, not once per thread.
local threads = 0

function setup(thread)
  thread:set("place", threads)
  threads = threads + 1
end

function init(args)
  prefix = args[1] or "/news/"
  first = tonumber(args[2] or "1") or 1
  count = tonumber(args[3] or "100") or 100
  sent = math.floor((place or 0) * count * 0.618) % count
end

function request()
  sent = sent + 1
  return wrk.format(nil, prefix .. (first + (sent % count)))
end
