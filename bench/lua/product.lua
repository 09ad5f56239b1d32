-- GET /product/{id} spread uniformly over the whole catalogue (PRODUCTS, default 3000), so the
-- run measures page rendering plus a primary-key lookup, not one hot row.
local products = tonumber(os.getenv("PRODUCTS") or "3000")
local next_seed = 0

function setup(thread)
  next_seed = next_seed + 1
  thread:set("seed", next_seed)
end

function init(args)
  math.randomseed(1000 + seed)
end

function request()
  return wrk.format("GET", "/product/" .. math.random(products))
end
