-- Rotates over N paths, PREFIX..FIRST to PREFIX..(FIRST+N-1), one per request:
--   wrk ... -s rotate.lua URL -- PREFIX FIRST N
-- so that a run reads 100 different article pages rather than one.
function init(args)
  prefix = args[1] or "/news/"
  first = tonumber(args[2] or "1") or 1
  count = tonumber(args[3] or "100") or 100
  sent = 0
end

function request()
  sent = sent + 1
  return wrk.format(nil, prefix .. (first + (sent % count)))
end
