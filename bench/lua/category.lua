-- GET /category/{slug}?page=N over every category and its first pages (24 products a page).
local slugs = { "kitchen", "garden", "outdoor", "books", "toys", "audio", "office", "lighting", "bath",
  "sports", "pets", "travel" }
local next_seed = 0

function setup(thread)
  next_seed = next_seed + 1
  thread:set("seed", next_seed)
end

function init(args)
  math.randomseed(3000 + seed)
end

function request()
  local page = math.random(5)
  local path = "/category/" .. slugs[math.random(#slugs)]
  if page > 1 then
    path = path .. "?page=" .. page
  end
  return wrk.format("GET", path)
end
