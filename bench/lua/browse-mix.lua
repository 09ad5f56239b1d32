-- The page mix of the shipped browse-and-search journey, for wrk: home, a category, a product and a
-- search, a quarter each (the journey's four requests), GET only, no state between requests.
-- PRODUCTS (environment, default 3000) bounds the product ids; categories as in category.lua,
-- search terms as in search.lua. Used by bench/journey-vs-handwritten.sh.
local slugs = { "kitchen", "garden", "outdoor", "books", "toys", "audio", "office", "lighting", "bath",
  "sports", "pets", "travel" }
local terms = { "lamp", "oak", "kettle", "walnut", "tent", "copper", "novel", "linen", "puzzle", "steel",
  "speaker", "cedar", "towel", "brass", "yoga", "leash", "suitcase", "vintage", "nordic", "glass" }
local products = tonumber(os.getenv("PRODUCTS") or "3000")
local next_seed = 0

function setup(thread)
  next_seed = next_seed + 1
  thread:set("seed", next_seed)
end

function init(args)
  math.randomseed(5000 + seed)
end

function request()
  local pick = math.random(4)
  if pick == 1 then
    return wrk.format("GET", "/")
  elseif pick == 2 then
    return wrk.format("GET", "/category/" .. slugs[math.random(#slugs)])
  elseif pick == 3 then
    return wrk.format("GET", "/product/" .. math.random(products))
  end
  return wrk.format("GET", "/search?q=" .. terms[math.random(#terms)])
end
