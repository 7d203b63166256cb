-- Applies a chunk of StoreRecords, in order, atomically (one call per chunk instead of one per record).
-- See RedisEventStore for the key layout. Every key a call touches is in one Redis Cluster slot: the
-- caller groups a chunk's records by shard, and every key of a record derives from its base key (the shard
-- base "P:{E:s}", or "P:{ctx:s}" for an entry that only carries a request context). KEYS[1] is that base:
-- it routes the call to the slot's master; the script reads only ARGV.
-- ARGV[1] context TTL seconds   ARGV[2] stream max length   ARGV[3] dedupe TTL seconds
-- ARGV[4] batch key or "": a chunk carries the same key on every attempt (first send, spool replays); once
--   a key is set the chunk is not applied again and every record answers 2 (applied before). So a chunk
--   Redis applied although its answer was lost (a timeout, a stalled server) is never counted twice.
-- ARGV[5] time series: hours kept in minute buckets   ARGV[6] time series: most hourly buckets kept
-- then, per record, 10 fields followed by its observations:
--   base key of the record's shard (e.g. "abgw:{support-prompt:3}"), variant, unit,
--   context key or "", context JSON or "", event JSON or "" (a context entry: no event, no statistics),
--   "1" if this is an exposure (counts the unit and the request for the variant), dedupe field or "" (the
--   judgment id as "L:UNIT:ID", L the unit's length: an id counts once per unit),
--   event time in milliseconds since the epoch (buckets the record in the time series),
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
--
-- Unit sums live in one hash per shard, BASE:us, field "#CELL:CELL UNIT" (the cell's length first, so no
-- cell or unit spelling can make two pairs meet), value the two doubles S and N packed little-endian
-- (struct.pack '<dd'): exact, and neither formatted with %.17g nor parsed on every observation. One hash
-- for all cells of a shard means one HMGET and one HSET per chunk whatever the cells, and a hash large
-- enough to be a hashtable (a hash of at most 512 fields is a listpack, which Redis searches linearly).
--
-- Judgment ids live in time buckets of the dedupe TTL W: BASE:jids:K (K = floor(now / W) seconds, Redis's
-- clock) holds field "L:UNIT:ID" per id counted in that bucket; an id is a duplicate if it is in bucket K or
-- K - 1, so an id counted at t stays one until at least t + W (a retry within W of the first is always in one
-- of them). Two HMGETs and one HSET per chunk instead of one SET NX EX per id. A write in bucket K UNLINKs
-- bucket K - 2, which no call reads any more: a week of ids is one large hash, and UNLINK frees it in the
-- background where its expiry would free it inline (lazyfree-lazy-expire is off by default), stalling Redis;
-- the expiry, at (K + 3) W, only collects the buckets of a shard that stopped receiving judgments.
--
-- Layout of earlier versions (one hash BASE:u:CELL of "S N" text per cell, one key BASE:jid:L:UNIT:ID per
-- id): BASE:v2 records, on a shard's first write by this version, "0" if the shard was new, else the
-- second it was upgraded. On an upgraded shard a unit sum not in BASE:us is read from BASE:u:CELL (and
-- deleted there once moved), and for one W after the upgrade an id is also looked up as BASE:jid:....
local ctxTtl, maxLen, dedupeTtl, batchKey = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local FIRST = 7
local FIELDS = 10
local function num(v) return string.format('%.17g', v) end
local pack, unpack2 = struct.pack, struct.unpack
local W = math.max(1, tonumber(dedupeTtl))
local nowSeconds = tonumber(redis.call('TIME')[1])
local bucketNo = math.floor(nowSeconds / W)

local stats = {}      -- stats hash key -> cell -> {units, sumS, sumS2, sumN, sumN2, cross}
local statOrder = {}  -- stats hash key -> list of cells in first-touch order
local sums = {}       -- unit sums hash key -> field -> {S, N}
local sumOrder = {}   -- unit sums hash key -> list of fields changed, in first-touch order
local fieldAt = {}    -- ARGV index of an observation -> its unit sums field
local countAt = {}    -- ARGV index of a record -> its number of observations
local cellPrefix = {} -- cell -> "#CELL:CELL " (a number concatenated to a string is formatted with sprintf)
local seenIds = {}    -- base -> dedupe field -> true once counted (before this chunk or in it)
local newIds = {}     -- base -> fields counted by this chunk, in order
local idBases = {}
local statKeys, sumKeys = {}, {}
local arms = {}       -- arms hash key -> field -> increment
local armOrder = {}
local armKeys = {}

local function parseStat(cur)
  local st = {0, 0, 0, 0, 0, 0}
  if cur then
    local i = 1
    for token in string.gmatch(cur, '[^ ]+') do st[i] = tonumber(token); i = i + 1 end
  end
  return st
end

-- The cell's statistics, read by prefetchSums (one HMGET per stats hash), or read here when not prefetched
-- (a time-series bucket's cells); marks them to be written back.
local function statOf(key, cell)
  local byCell = stats[key]
  if not byCell then
    byCell = {}; stats[key] = byCell; statOrder[key] = {}; statKeys[#statKeys + 1] = key
  end
  local st = byCell[cell]
  if not st then
    st = parseStat(redis.call('HGET', key, cell))
    byCell[cell] = st
  end
  if not st.touched then
    st.touched = true
    local order = statOrder[key]; order[#order + 1] = cell
  end
  return st
end

-- BASE:v2: "0" for a shard this version created, else the second an earlier version's shard was upgraded.
local legacyOf = {}
local function legacy(base)
  local l = legacyOf[base]
  if l == nil then
    l = redis.call('GET', base .. ':v2')
    if not l then
      l = redis.call('EXISTS', base .. ':stats') == 1 and tostring(nowSeconds) or '0'
      redis.call('SET', base .. ':v2', l)
    end
    l = tonumber(l)
    legacyOf[base] = l
  end
  return l
end

local function readText(cur)
  local sep = string.find(cur, ' ', 1, true)
  return {tonumber(string.sub(cur, 1, sep - 1)), tonumber(string.sub(cur, sep + 1))}
end

-- HMGET in slices (unpack() of a very long table exceeds Lua's C stack).
local function hmgetAll(key, fields, each)
  for from = 1, #fields, 1000 do
    local to = math.min(#fields, from + 999)
    local values = redis.call('HMGET', key, unpack(fields, from, to))
    for f = from, to do each(fields[f], values[f - from + 1]) end
  end
end

-- The sums an earlier version kept as text in BASE:u:CELL, for the fields BASE:us does not hold yet; each
-- remembers where it came from, to be deleted there once written to BASE:us.
local function readLegacySums(key, base, missing)
  local byCell, cells = {}, {}
  for _, m in ipairs(missing) do
    local cell, unit = m[2], m[3]
    if not byCell[cell] then byCell[cell] = {units = {}, fields = {}}; cells[#cells + 1] = cell end
    local c = byCell[cell]
    c.units[#c.units + 1] = unit
    c.fields[#c.fields + 1] = m[1]
  end
  for _, cell in ipairs(cells) do
    local c = byCell[cell]
    local old = base .. ':u:' .. cell
    local i = 0
    hmgetAll(old, c.units, function(unit, cur)
      i = i + 1
      if cur then
        local su = readText(cur)
        su.oldKey, su.unit = old, unit
        sums[key][c.fields[i]] = su
      end
    end)
  end
end

-- Which of the chunk's judgment ids were counted before: the current and the previous bucket, and, for one W
-- after an upgrade, an earlier version's key per id.
local function prefetchIds(base, fields)
  local seen = {}
  seenIds[base] = seen
  newIds[base] = {}
  idBases[#idBases + 1] = base
  for _, k in ipairs({bucketNo, bucketNo - 1}) do
    hmgetAll(base .. ':jids:' .. k, fields, function(f, v) if v then seen[f] = true end end)
  end
  local upgraded = legacy(base)
  if upgraded > 0 and nowSeconds < upgraded + W then
    for _, f in ipairs(fields) do
      if not seen[f] and redis.call('EXISTS', base .. ':jid:' .. f) == 1 then seen[f] = true end
    end
  end
end

-- Unit sums, cell statistics and judgment ids are fetched up front: one HMGET per unit sums hash for all
-- (cell, unit) pairs of the chunk, one per stats hash for all its cells, two per base for the ids (not one
-- command per observation or per id); records that turn out duplicates only cost a read.
local function prefetchSums()
  local wanted = {}
  local wantedCells = {}
  local wantedIds = {}
  local idOrder = {}
  local meta = {}       -- unit sums field -> {field, cell, unit}
  local baseOfKey = {}
  local j = FIRST
  while j <= #ARGV do
    local base, unit = ARGV[j], ARGV[j + 2]
    local dedupe = ARGV[j + 7]
    local first = j + FIELDS
    local k = tonumber(ARGV[j + FIELDS - 1])
    countAt[j] = k
    local last = first + 2 * k - 1
    if dedupe ~= '' then
      local w = wantedIds[base]
      if not w then w = {}; wantedIds[base] = w; idOrder[#idOrder + 1] = base end
      w[#w + 1] = dedupe
    end
    local statsKey = base .. ':stats'
    local key = base .. ':us'
    for o = first, last, 2 do
      local cell = ARGV[o]
      local byCell = stats[statsKey]
      if not byCell then
        byCell = {}; stats[statsKey] = byCell; statOrder[statsKey] = {}; statKeys[#statKeys + 1] = statsKey
        wantedCells[statsKey] = {}
      end
      if not byCell[cell] then
        byCell[cell] = false
        local w = wantedCells[statsKey]; w[#w + 1] = cell
      end
      local p = cellPrefix[cell]
      if not p then p = #cell .. ':' .. cell .. ' '; cellPrefix[cell] = p end
      local field = p .. unit
      fieldAt[o] = field
      local byField = sums[key]
      if not byField then
        byField = {}; sums[key] = byField; sumOrder[key] = {}; sumKeys[#sumKeys + 1] = key; wanted[key] = {}
        baseOfKey[key] = base
      end
      if byField[field] == nil then
        byField[field] = false
        local w = wanted[key]; w[#w + 1] = field
        meta[field] = {field, cell, unit}
      end
    end
    j = last + 1
  end
  for _, base in ipairs(idOrder) do prefetchIds(base, wantedIds[base]) end
  for _, key in ipairs(sumKeys) do
    local byField = sums[key]
    local missing = {}
    hmgetAll(key, wanted[key], function(field, cur)
      if cur then
        local s, n = unpack2('<dd', cur)
        byField[field] = {s, n}
      else
        byField[field] = {0, 0}
        missing[#missing + 1] = meta[field]
      end
    end)
    local base = baseOfKey[key]
    if #missing > 0 and legacy(base) > 0 then readLegacySums(key, base, missing) end
  end
  for _, key in ipairs(statKeys) do
    local byCell = stats[key]
    hmgetAll(key, wantedCells[key], function(cell, cur) byCell[cell] = parseStat(cur) end)
  end
end

-- The sums of a unit in a cell (its field in the shard's unit sums hash); marks them to be written back.
local function sumOf(key, field)
  local su = sums[key][field]
  if not su.touched then
    su.touched = true
    local order = sumOrder[key]; order[#order + 1] = field
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

-- Time series (TimeSeries.java is its twin; see TimeSeriesBounds for the bounds). Per experiment base:
--   BASE:ts:m sorted set of minute bucket starts, BASE:ts:h of hourly bucket starts (score = member = start ms)
--   BASE:ts:m:START and BASE:ts:h:START hashes: overall cell -> the six deltas, "VARIANT:units|requests" -> count
--   BASE:ts:cut the start of the oldest hour still kept in minute buckets (a record before it goes to its hour)
-- A record adds the same increments as to the cells to the bucket of its event time; after the chunk, whole
-- hours of minute buckets before the new cut are summed into their hour, and hourly buckets beyond the cap are
-- summed into the next one. Every merge sums deltas, so each kept bucket's cumulative statistics stay exact.
local MINUTE, HOUR = 60000, 3600000
local tsMinuteHours, tsMaxHourly = tonumber(ARGV[5]), tonumber(ARGV[6])
local tsCuts = {}     -- base -> cut, read once per chunk
local tsLatest = {}   -- base -> latest event time of the chunk
local tsBases = {}    -- bases in first-touch order
local tsIndexed = {}  -- bucket key -> true once its start is in the index
local function fmt(ms) return string.format('%.0f', ms) end

local function tsCut(base)
  local c = tsCuts[base]
  if c == nil then
    c = tonumber(redis.call('GET', base .. ':ts:cut')) or -math.huge
    tsCuts[base] = c
    tsBases[#tsBases + 1] = base
  end
  return c
end

-- The hash of the bucket of event time t (registered in its index), and notes t as the chunk's latest.
local function tsBucket(base, t)
  local cut = tsCut(base)
  if not tsLatest[base] or t > tsLatest[base] then tsLatest[base] = t end
  local width, start = 'm', math.floor(t / MINUTE) * MINUTE
  if start < cut then width, start = 'h', math.floor(t / HOUR) * HOUR end
  local key = base .. ':ts:' .. width .. ':' .. fmt(start)
  if not tsIndexed[key] then
    tsIndexed[key] = true
    redis.call('ZADD', base .. ':ts:' .. width, start, fmt(start))
  end
  return key
end

-- tsBucket of an event time as the record spells it: a chunk's records share few times (a batch of judgments
-- often one millisecond), each parsed and bucketed once per base.
local bucketAt = {}
local function tsBucketAt(base, time)
  local byTime = bucketAt[base]
  if not byTime then byTime = {}; bucketAt[base] = byTime end
  local b = byTime[time]
  if not b then b = tsBucket(base, tonumber(time)); byTime[time] = b end
  return b
end

local function isOverallCell(cell)
  local bar = string.find(cell, '|', 1, true)
  return not string.find(cell, '|', bar + 1, true)
end

local overallCache = {}
local function isOverall(cell)
  local o = overallCache[cell]
  if o == nil then o = isOverallCell(cell); overallCache[cell] = o end
  return o
end

-- Sums bucket hash "from" into "to" and deletes "from".
local function tsMergeInto(from, to)
  local fields = redis.call('HGETALL', from)
  for f = 1, #fields, 2 do
    local field, value = fields[f], fields[f + 1]
    if string.find(field, '|', 1, true) then
      local sum, i = {0, 0, 0, 0, 0, 0}, 1
      local cur = redis.call('HGET', to, field)
      if cur then
        for token in string.gmatch(cur, '[^ ]+') do sum[i] = tonumber(token); i = i + 1 end
      end
      i = 1
      for token in string.gmatch(value, '[^ ]+') do sum[i] = sum[i] + tonumber(token); i = i + 1 end
      redis.call('HSET', to, field, num(sum[1]) .. ' ' .. num(sum[2]) .. ' ' .. num(sum[3]) .. ' ' .. num(sum[4])
          .. ' ' .. num(sum[5]) .. ' ' .. num(sum[6]))
    else
      redis.call('HINCRBY', to, field, value)
    end
  end
  redis.call('DEL', from)
end

local function tsCompact(base)
  local cut = tsCut(base)
  local latest = tsLatest[base]
  local nextCut = math.floor(latest / HOUR) * HOUR + HOUR - tsMinuteHours * HOUR
  if nextCut > cut then
    local old = redis.call('ZRANGEBYSCORE', base .. ':ts:m', '-inf', '(' .. fmt(nextCut))
    for _, start in ipairs(old) do
      local hour = fmt(math.floor(tonumber(start) / HOUR) * HOUR)
      tsMergeInto(base .. ':ts:m:' .. start, base .. ':ts:h:' .. hour)
      redis.call('ZADD', base .. ':ts:h', hour, hour)
      redis.call('ZREM', base .. ':ts:m', start)
    end
    redis.call('SET', base .. ':ts:cut', fmt(nextCut))
  end
  local excess = redis.call('ZCARD', base .. ':ts:h') - tsMaxHourly
  if excess > 0 then
    local oldest = redis.call('ZRANGE', base .. ':ts:h', 0, excess)
    for k = 1, excess do
      tsMergeInto(base .. ':ts:h:' .. oldest[k], base .. ':ts:h:' .. oldest[k + 1])
      redis.call('ZREM', base .. ':ts:h', oldest[k])
    end
  end
end

if batchKey ~= '' and not redis.call('SET', batchKey, '1', 'NX', 'EX', dedupeTtl) then
  local again = {}
  local r = FIRST
  while r <= #ARGV do
    again[#again + 1] = 2
    r = r + FIELDS + 2 * tonumber(ARGV[r + FIELDS - 1])
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
  local time = ARGV[i + 8]
  local k = countAt[i]
  local first = i + FIELDS
  i = first + 2 * k
  local seen = dedupe ~= '' and seenIds[base]
  if seen and seen[dedupe] then
    results[#results + 1] = 0
  else
    if seen then
      seen[dedupe] = true
      local n = newIds[base]; n[#n + 1] = dedupe; n[#n + 1] = '1'
    end
    if ctxKey ~= '' then
      -- The first request recorded under an id keeps it for the retention: a later request reusing the id
      -- (request ids are in every response) cannot re-bind the judgments that name it.
      redis.call('SET', ctxKey, ctxJson, 'NX', 'EX', ctxTtl)
    end
    local bucket = nil
    if exposure == '1' or k > 0 then bucket = tsBucketAt(base, time) end
    if exposure == '1' then
      if redis.call('SADD', base .. ':units:' .. variant, unit) == 1 then
        armAdd(base .. ':arms', variant .. ':units')
        armAdd(bucket, variant .. ':units')
      end
      armAdd(base .. ':arms', variant .. ':requests')
      armAdd(bucket, variant .. ':requests')
    end
    local statsKey, sumsKey = base .. ':stats', base .. ':us'
    for j = first, i - 1, 2 do
      local cell = ARGV[j]
      local x = tonumber(ARGV[j + 1])
      local su = sumOf(sumsKey, fieldAt[j])
      local s, n = su[1], su[2]
      su[1] = s + x
      su[2] = n + 1
      local dUnits, dS2, dN2, dCross = (n == 0 and 1 or 0), 2 * s * x + x * x, 2 * n + 1, s + x * n + x
      local st = statOf(statsKey, cell)
      st[1] = st[1] + dUnits
      st[2] = st[2] + x
      st[3] = st[3] + dS2
      st[4] = st[4] + 1
      st[5] = st[5] + dN2
      st[6] = st[6] + dCross
      -- Time series: the same increments into the record's bucket, overall cells only.
      if isOverall(cell) then
        local b = statOf(bucket, cell)
        b[1] = b[1] + dUnits
        b[2] = b[2] + x
        b[3] = b[3] + dS2
        b[4] = b[4] + 1
        b[5] = b[5] + dN2
        b[6] = b[6] + dCross
      end
    end
    if event ~= '' then
      redis.call('XADD', base .. ':events', 'MAXLEN', '~', maxLen, '*', 'e', event)
    end
    results[#results + 1] = 1
  end
end

for _, key in ipairs(sumKeys) do
  local args = {}
  local byField = sums[key]
  local moved, movedKeys = {}, {}
  for _, field in ipairs(sumOrder[key]) do
    local su = byField[field]
    args[#args + 1] = field
    args[#args + 1] = pack('<dd', su[1], su[2])
    if su.oldKey then
      local m = moved[su.oldKey]
      if not m then m = {}; moved[su.oldKey] = m; movedKeys[#movedKeys + 1] = su.oldKey end
      m[#m + 1] = su.unit
    end
  end
  if #args > 0 then hsetAll(key, args) end
  for _, old in ipairs(movedKeys) do
    local units = moved[old]
    for from = 1, #units, 1000 do redis.call('HDEL', old, unpack(units, from, math.min(#units, from + 999))) end
  end
end
for _, base in ipairs(idBases) do
  local ids = newIds[base]
  if #ids > 0 then
    local key = base .. ':jids:' .. bucketNo
    hsetAll(key, ids)
    redis.call('EXPIREAT', key, (bucketNo + 3) * W)
    redis.call('UNLINK', base .. ':jids:' .. (bucketNo - 2))
  end
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
-- Once every bucket of the chunk is written: move what fell behind the cut, cap the hourly buckets.
for _, base in ipairs(tsBases) do
  if tsLatest[base] then tsCompact(base) end
end
return results
