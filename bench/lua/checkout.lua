-- The buying path for signed-in shoppers: POST /cart/add (one unit of a random product), then
-- POST /checkout with the approved test card, again and again.
--
-- wrk keeps no per-connection state, so each wrk thread gets exactly one connection (-t N -c N)
-- and one signed-in session (cookie + CSRF token) handed over in setup(); on one connection the
-- requests are strictly sequential, so this script can run a small state machine:
--   add      303 -> checkout      409 (out of stock) -> add another product (and never this one
--            again: the thread remembers what it saw sold out, as a shopper would)
--   checkout 303 to /orders/...  -> an order; add again
--   checkout anything else (e.g. 409: the last unit went to another shopper meanwhile; the cart
--            keeps its line) -> remove that line, then add again
-- Every response is counted by step and status and printed in done(), with orders/s and the
-- latency of each step (timed in Lua with CLOCK_MONOTONIC: wrk's own latency figures mix the
-- steps).
--
-- Environment: SESSIONS_LUA = a file returning { { cookie = "...", csrf = "..." }, ... } with at
-- least as many sessions as wrk threads; PRODUCTS = catalogue size (default 3000).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } headroom_timespec;
  int clock_gettime(int clock_id, headroom_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("headroom_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

-- ---- main state: hands one session to each thread, sums up at the end ----------------------

local threads = {}
local sessions = nil

function setup(thread)
  if sessions == nil then
    sessions = dofile(assert(os.getenv("SESSIONS_LUA"), "SESSIONS_LUA is not set"))
  end
  local index = #threads + 1
  assert(index <= #sessions, "more wrk threads than signed-in sessions: use -t N -c N with N <= " .. #sessions)
  thread:set("cookie", sessions[index].cookie)
  thread:set("csrf", sessions[index].csrf)
  thread:set("seed", index)
  table.insert(threads, thread)
end

local function percentile(sorted, p)
  if #sorted == 0 then
    return 0
  end
  local i = math.ceil(p / 100 * #sorted)
  return sorted[math.max(1, math.min(#sorted, i))]
end

function done(summary, latency, requests)
  local totals, samples = {}, { add = {}, checkout = {}, remove = {} }
  for _, t in ipairs(threads) do
    for key, n in pairs(t:get("counts")) do
      totals[key] = (totals[key] or 0) + n
    end
    -- one flat table per step: wrk 4.1's thread:get() crashes on nested tables
    for step, list in pairs(samples) do
      for _, us in ipairs(t:get("lat_" .. step)) do
        table.insert(list, us)
      end
    end
  end
  local secs = summary.duration / 1000000
  local keys = {}
  for key in pairs(totals) do
    table.insert(keys, key)
  end
  table.sort(keys)
  io.write("Responses by step and status:\n")
  for _, key in ipairs(keys) do
    io.write(string.format("  %-40s %8d  %9.1f/s\n", key, totals[key], totals[key] / secs))
  end
  io.write("Latency by step (ms):\n")
  for _, step in ipairs({ "add", "checkout", "remove" }) do
    local list = samples[step]
    table.sort(list)
    if #list > 0 then
      io.write(string.format("  %-10s n=%-7d p50=%.2f p90=%.2f p99=%.2f max=%.2f\n", step, #list,
        percentile(list, 50) / 1000, percentile(list, 90) / 1000, percentile(list, 99) / 1000, list[#list] / 1000))
    end
  end
  local orders = totals["checkout 303 order placed"] or 0
  io.write(string.format("Orders placed: %d in %.2f s = %.1f orders/s\n", orders, secs, orders / secs))
  -- one machine-readable line for the summary table
  local p50, p99 = percentile(samples.checkout, 50) / 1000, percentile(samples.checkout, 99) / 1000
  io.write(string.format("BENCH orders=%d orders_per_s=%.1f checkout_p50_ms=%.2f checkout_p99_ms=%.2f"
    .. " add_409=%d checkout_409=%d other=%d\n", orders, orders / secs, p50, p99,
    totals["add 409 out of stock"] or 0, totals["checkout 409 sold out meanwhile"] or 0,
    (function()
      local n = 0
      for key, v in pairs(totals) do
        if not (key == "checkout 303 order placed" or key == "add 303 added" or key == "add 409 out of stock"
            or key == "checkout 409 sold out meanwhile" or key == "remove 303") then
          n = n + v
        end
      end
      return n
    end)()))
end

-- ---- thread state: one connection, one session ---------------------------------------------

counts = {}
lat_add, lat_checkout, lat_remove = {}, {}, {}
local lat = { add = lat_add, checkout = lat_checkout, remove = lat_remove }
local step = "add" -- the next request to send
local sent = "add" -- the request in flight
local sent_at = 0
local product = 0
local products, headers, checkout_body
-- Products this shopper saw sold out (a 409): like a person, it doesn't try them again.
local sold_out = {}

local function pick_product()
  local id = math.random(products)
  for _ = 1, 20 do
    if not sold_out[id] then
      return id
    end
    id = math.random(products)
  end
  return id
end

function init(args)
  math.randomseed(4000 + seed)
  products = tonumber(os.getenv("PRODUCTS") or "3000")
  headers = {
    ["Cookie"] = "HRSESSION=" .. cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  checkout_body = "_csrf=" .. csrf .. "&name=Bench+Shopper&address=1+Load+Lane&city=Testville"
    .. "&postcode=TE1+1ST&country=United+Kingdom&cardNumber=4242+4242+4242+4242&expiry=12%2F30&cvc=123"
end

function request()
  sent = step
  local path, body
  if step == "add" then
    product = pick_product()
    path, body = "/cart/add", "_csrf=" .. csrf .. "&productId=" .. product .. "&qty=1"
  elseif step == "checkout" then
    path, body = "/checkout", checkout_body
  else
    path, body = "/cart/remove", "_csrf=" .. csrf .. "&productId=" .. product
  end
  sent_at = now_us()
  return wrk.format("POST", path, headers, body)
end

local function count(key)
  counts[key] = (counts[key] or 0) + 1
end

function response(status, hdrs, body)
  table.insert(lat[sent], now_us() - sent_at)
  if sent == "add" then
    if status == 303 then
      count("add 303 added")
      step = "checkout"
    elseif status == 409 then
      count("add 409 out of stock")
      sold_out[product] = true
      step = "add"
    else
      count("add " .. status)
      step = "remove"
    end
  elseif sent == "checkout" then
    local location = hdrs["Location"] or hdrs["location"] or ""
    if status == 303 and location:find("^/orders/") then
      count("checkout 303 order placed")
      step = "add"
    elseif status == 409 then
      count("checkout 409 sold out meanwhile")
      sold_out[product] = true
      step = "remove"
    else
      count("checkout " .. status .. (location ~= "" and (" to " .. location) or ""))
      step = "remove"
    end
  else
    count("remove " .. status)
    step = "add"
  end
end
