-- Applies a chunk of StoreRecords, in order, atomically (one call per chunk instead of one per record).
-- See RedisEventStore for the key layout. Every key a call touches is in one Redis Cluster slot: the
-- caller groups a chunk's records by shard, and every key of a record derives from its base key (the shard
-- base "P:{E:s}", or "P:{ctx:s}" for an entry that only carries a request context). KEYS[1] is that base:
-- it routes the call to the slot's master; the script reads only ARGV.
-- ARGV[1] context TTL seconds   ARGV[2] stream max length   ARGV[3] dedupe TTL seconds
-- ARGV[4] batch key or "": a chunk carries the same key on every attempt (first send, spool replays); once
--   a key is set the chunk is not applied again and every record answers 2 (applied before). So a chunk
--   Redis applied although its answer was lost (a timeout, a stalled server) is never counted twice.
-- then, per record, 9 fields followed by its observations:
--   base key of the record's shard (e.g. "abgw:{support-prompt:3}"), variant, unit,
--   context key or "", context JSON or "", event JSON or "" (a context entry: no event, no statistics),
--   "1" if this is an exposure (counts the unit and the request for the variant), dedupe key or "",
--   number of observations K, then K pairs: stat key, value
-- Returns one integer per record: 1 stored, 0 duplicate (its dedupe key was seen; nothing changed),
-- 2 the whole chunk was applied before (its batch key was set).
--
-- Per cell the unit keeps (S_u, N_u) and the cell keeps the ratio-kind sufficient statistics
-- (units, sumS, sumS2, sumN, sumN2, crossSum). Adding value x to a unit with (S, N):
--   units += (N == 0 and 1 or 0); sumS += x; sumN += 1
--   sumS2 += 2 S x + x^2; sumN2 += 2 N + 1; crossSum += S + x N + x
-- which keeps sum(S_u^2), sum(N_u^2) and sum(S_u N_u) exact without rescanning units.
--
-- Within a chunk, cells and unit sums are read once, updated in Lua tables in record order, and written
-- once at the end: the same arithmetic in the same order as one call per record, with fewer commands.
local ctxTtl, maxLen, dedupeTtl, batchKey = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local FIRST = 5
local function num(v) return string.format('%.17g', v) end

local stats = {}      -- stats hash key -> cell -> {units, sumS, sumS2, sumN, sumN2, cross}
local statOrder = {}  -- stats hash key -> list of cells in first-touch order
local sums = {}       -- unit hash key -> unit -> {S, N}
local sumOrder = {}   -- unit hash key -> list of units changed, in first-touch order
local statKeys, sumKeys = {}, {}
local arms = {}       -- arms hash key -> field -> increment
local armOrder = {}
local armKeys = {}

-- The cell's statistics, read by prefetchSums (one HMGET per stats hash); marks them to be written back.
local function statOf(key, cell)
  local st = stats[key][cell]
  if not st.touched then
    st.touched = true
    local order = statOrder[key]; order[#order + 1] = cell
  end
  return st
end

local function parseStat(cur)
  local st = {0, 0, 0, 0, 0, 0}
  if cur then
    local i = 1
    for token in string.gmatch(cur, '[^ ]+') do st[i] = tonumber(token); i = i + 1 end
  end
  return st
end

-- Unit sums and cell statistics are fetched up front, one HMGET per unit hash for all units of the chunk and
-- one per stats hash for all its cells (not one HGET per observation or per cell); records that turn out
-- duplicates only cost a read.
local function prefetchSums()
  local wanted = {}
  local wantedCells = {}
  local j = FIRST
  while j <= #ARGV do
    local base, unit = ARGV[j], ARGV[j + 2]
    local first = j + 9
    local last = first + 2 * tonumber(ARGV[j + 8]) - 1
    local statsKey = base .. ':stats'
    for o = first, last, 2 do
      local byCell = stats[statsKey]
      if not byCell then
        byCell = {}; stats[statsKey] = byCell; statOrder[statsKey] = {}; statKeys[#statKeys + 1] = statsKey
        wantedCells[statsKey] = {}
      end
      if not byCell[ARGV[o]] then
        byCell[ARGV[o]] = false
        local w = wantedCells[statsKey]; w[#w + 1] = ARGV[o]
      end
      local key = base .. ':u:' .. ARGV[o]
      local byUnit = sums[key]
      if not byUnit then
        byUnit = {}; sums[key] = byUnit; sumOrder[key] = {}; sumKeys[#sumKeys + 1] = key; wanted[key] = {}
      end
      if not byUnit[unit] then
        byUnit[unit] = false
        local w = wanted[key]; w[#w + 1] = unit
      end
    end
    j = last + 1
  end
  for _, key in ipairs(sumKeys) do
    local units = wanted[key]
    local byUnit = sums[key]
    for from = 1, #units, 1000 do
      local to = math.min(#units, from + 999)
      local values = redis.call('HMGET', key, unpack(units, from, to))
      for u = from, to do
        local cur = values[u - from + 1]
        local su = {0, 0}
        if cur then
          local sep = string.find(cur, ' ', 1, true)
          su[1] = tonumber(string.sub(cur, 1, sep - 1))
          su[2] = tonumber(string.sub(cur, sep + 1))
        end
        byUnit[units[u]] = su
      end
    end
  end
  for _, key in ipairs(statKeys) do
    local cells = wantedCells[key]
    local byCell = stats[key]
    for from = 1, #cells, 1000 do
      local to = math.min(#cells, from + 999)
      local values = redis.call('HMGET', key, unpack(cells, from, to))
      for c = from, to do byCell[cells[c]] = parseStat(values[c - from + 1]) end
    end
  end
end

-- The sums of a unit in a cell; marks them to be written back at the end.
local function sumOf(key, unit)
  local su = sums[key][unit]
  if not su.touched then
    su.touched = true
    local order = sumOrder[key]; order[#order + 1] = unit
  end
  return su
end

-- HSET in slices: unpack() of a very long table exceeds Lua's C stack.
local function hsetAll(key, args)
  for from = 1, #args, 1000 do
    redis.call('HSET', key, unpack(args, from, math.min(#args, from + 999)))
  end
end

local function armAdd(key, field)
  local byField = arms[key]
  if not byField then
    byField = {}; arms[key] = byField; armOrder[key] = {}; armKeys[#armKeys + 1] = key
  end
  if not byField[field] then
    byField[field] = 0
    local order = armOrder[key]; order[#order + 1] = field
  end
  byField[field] = byField[field] + 1
end

if batchKey ~= '' and not redis.call('SET', batchKey, '1', 'NX', 'EX', dedupeTtl) then
  local again = {}
  local r = FIRST
  while r <= #ARGV do
    again[#again + 1] = 2
    r = r + 9 + 2 * tonumber(ARGV[r + 8])
  end
  return again
end

prefetchSums()
local results = {}
local i = FIRST
while i <= #ARGV do
  local base, variant, unit = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local ctxKey, ctxJson, event = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local exposure, dedupe = ARGV[i + 6], ARGV[i + 7]
  local k = tonumber(ARGV[i + 8])
  local first = i + 9
  i = first + 2 * k
  if dedupe ~= '' and not redis.call('SET', dedupe, '1', 'NX', 'EX', dedupeTtl) then
    results[#results + 1] = 0
  else
    if ctxKey ~= '' then
      -- The first request recorded under an id keeps it for the retention: a later request reusing the id
      -- (request ids are in every response) cannot re-bind the judgments that name it.
      redis.call('SET', ctxKey, ctxJson, 'NX', 'EX', ctxTtl)
    end
    if exposure == '1' then
      if redis.call('SADD', base .. ':units:' .. variant, unit) == 1 then
        armAdd(base .. ':arms', variant .. ':units')
      end
      armAdd(base .. ':arms', variant .. ':requests')
    end
    local statsKey = base .. ':stats'
    for j = first, i - 1, 2 do
      local cell = ARGV[j]
      local x = tonumber(ARGV[j + 1])
      local su = sumOf(base .. ':u:' .. cell, unit)
      local s, n = su[1], su[2]
      su[1] = s + x
      su[2] = n + 1
      local st = statOf(statsKey, cell)
      if n == 0 then st[1] = st[1] + 1 end
      st[2] = st[2] + x
      st[3] = st[3] + 2 * s * x + x * x
      st[4] = st[4] + 1
      st[5] = st[5] + 2 * n + 1
      st[6] = st[6] + s + x * n + x
    end
    if event ~= '' then
      redis.call('XADD', base .. ':events', 'MAXLEN', '~', maxLen, '*', 'e', event)
    end
    results[#results + 1] = 1
  end
end

for _, key in ipairs(sumKeys) do
  local args = {}
  local byUnit = sums[key]
  for _, unit in ipairs(sumOrder[key]) do
    local su = byUnit[unit]
    args[#args + 1] = unit
    args[#args + 1] = num(su[1]) .. ' ' .. num(su[2])
  end
  if #args > 0 then hsetAll(key, args) end
end
for _, key in ipairs(statKeys) do
  local args = {}
  local byCell = stats[key]
  for _, cell in ipairs(statOrder[key]) do
    local st = byCell[cell]
    args[#args + 1] = cell
    args[#args + 1] = num(st[1]) .. ' ' .. num(st[2]) .. ' ' .. num(st[3]) .. ' ' .. num(st[4]) .. ' '
        .. num(st[5]) .. ' ' .. num(st[6])
  end
  if #args > 0 then hsetAll(key, args) end
end
for _, key in ipairs(armKeys) do
  local byField = arms[key]
  for _, field in ipairs(armOrder[key]) do
    redis.call('HINCRBY', key, field, byField[field])
  end
end
return results
