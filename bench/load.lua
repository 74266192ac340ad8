-- wrk script for bench/load.sh: rotates a query mix over the connections and counts
-- answers by kind. The one deliberately bad query must answer 400; it is counted apart,
-- and any other answer that is not 2xx is an error.

local paths = {
  "/search.json?q=president",                               -- common word
  "/search?q=%22prime+minister%22",                         -- phrase, HTML page
  "/search.json?q=trade&country=CN",                        -- filter
  "/search.json?q=energy&sector=energy&sort=newest",        -- filter and sort
  "/search?q=cooperation&page=3",                           -- paging
  "/search.json?q=&type=readout&per_page=50",               -- browse by facet
  "/search.json?q=climate+OR+energy+NOT+oil",               -- boolean
  "/search?q=invest*&country=IN",                           -- prefix and filter
  "/search.json?q=%22unbalanced+quote",                     -- bad query: 400 expected
}

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, bad_query, errors, statuses = 0, 0, 0, {}
  turn = id - 1
end

function request()
  turn = turn + 1
  return wrk.format("GET", paths[(turn % #paths) + 1])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status == 400 and string.find(body, "Unbalanced quote", 1, true) then
    bad_query = bad_query + 1
  else
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad, total_errors = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("bad_query")
    total_errors = total_errors + thread:get("errors")
  end
  local socket = summary.errors
  local socket_errors = socket.connect + socket.read + socket.write + socket.timeout
  io.write(string.format(
    "RESULT requests=%d rps=%.1f p50_ms=%.1f p99_ms=%.1f ok_2xx=%d bad_query_400=%d " ..
    "other_non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    total_ok, total_bad, total_errors, socket_errors))
end
