-- wrk script of bench_serve.sh: every request asks for a random box inside Ad Dakhiliyah (fixed seed per thread, so
-- each run sends the same sequence), and non-2xx answers are counted by wrk itself ("Non-2xx or 3xx responses").
-- Environment: BENCH_PATH is the request path with {bbox} where the box goes (minx,miny,maxx,maxy in degrees);
-- BENCH_BOX the axis order "lonlat" (CRS84 / bbox=) or "latlon" (WMS 1.3.0 with CRS=EPSG:4326);
-- BENCH_SPAN the box's width in degrees (its height follows the 4:3 map for GetMap, the same for items).
local path = os.getenv("BENCH_PATH")
local order = os.getenv("BENCH_BOX") or "lonlat"
local span = tonumber(os.getenv("BENCH_SPAN") or "0.2")
-- The governorate (the wilayat's extent): 56.33,21.10 - 58.59,23.50
local minx, miny, maxx, maxy = 56.33, 21.10, 58.59, 23.50
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(seed or 1)
end

function request()
  local w = span
  local h = span * 3 / 4
  local x = minx + math.random() * (maxx - minx - w)
  local y = miny + math.random() * (maxy - miny - h)
  local box
  if order == "latlon" then
    box = string.format("%.5f,%.5f,%.5f,%.5f", y, x, y + h, x + w)
  else
    box = string.format("%.5f,%.5f,%.5f,%.5f", x, y, x + w, y + h)
  end
  return wrk.format("GET", (path:gsub("{bbox}", box)))
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  io.write(string.format("WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.errors.status))
end
