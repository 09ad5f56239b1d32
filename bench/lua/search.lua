-- GET /search?q=... rotating over words that occur in product names (the shop searches names with
-- a case-insensitive LIKE over the whole product table), first page of results.
local terms = { "lamp", "oak", "kettle", "walnut", "tent", "copper", "novel", "linen", "puzzle", "steel",
  "speaker", "cedar", "towel", "brass", "yoga", "leash", "suitcase", "vintage", "nordic", "glass" }
local next_seed = 0

function setup(thread)
  next_seed = next_seed + 1
  thread:set("seed", next_seed)
end

function init(args)
  math.randomseed(2000 + seed)
end

function request()
  return wrk.format("GET", "/search?q=" .. terms[math.random(#terms)])
end
