-- Applies one StoreRecord atomically. See RedisEventStore for the key layout.
-- ARGV[1]  base key of the experiment, e.g. "abgw:{support-prompt}"
-- ARGV[2]  variant            ARGV[3] unit
-- ARGV[4]  context key or ""  ARGV[5] context JSON   ARGV[6] context TTL seconds
-- ARGV[7]  stream max length  ARGV[8] event JSON
-- ARGV[9]  "1" if this is an exposure (counts the unit and the request for the variant)
-- ARGV[10] dedupe key or ""   ARGV[11] dedupe TTL seconds
-- ARGV[12..] pairs: stat key, value
--
-- Per cell the unit keeps (S_u, N_u) and the cell keeps the ratio-kind sufficient statistics
-- (units, sumS, sumS2, sumN, sumN2, crossSum). Adding value x to a unit with (S, N):
--   units += (N == 0 and 1 or 0); sumS += x; sumN += 1
--   sumS2 += 2 S x + x^2; sumN2 += 2 N + 1; crossSum += S + x N + x
-- which keeps sum(S_u^2), sum(N_u^2) and sum(S_u N_u) exact without rescanning units.
local base = ARGV[1]
if ARGV[10] ~= '' then
  if not redis.call('SET', ARGV[10], '1', 'NX', 'EX', ARGV[11]) then
    return 0
  end
end
if ARGV[4] ~= '' then
  redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6])
end
local variant = ARGV[2]
local unit = ARGV[3]
if ARGV[9] == '1' then
  if redis.call('SADD', base .. ':units:' .. variant, unit) == 1 then
    redis.call('HINCRBY', base .. ':arms', variant .. ':units', 1)
  end
  redis.call('HINCRBY', base .. ':arms', variant .. ':requests', 1)
end
local function num(v) return string.format('%.17g', v) end
for i = 12, #ARGV, 2 do
  local cell = ARGV[i]
  local x = tonumber(ARGV[i + 1])
  local unitKey = base .. ':u:' .. cell
  local s, n = 0, 0
  local cur = redis.call('HGET', unitKey, unit)
  if cur then
    local sep = string.find(cur, ' ', 1, true)
    s = tonumber(string.sub(cur, 1, sep - 1))
    n = tonumber(string.sub(cur, sep + 1))
  end
  redis.call('HSET', unitKey, unit, num(s + x) .. ' ' .. num(n + 1))
  local units, sumS, sumS2, sumN, sumN2, cross = 0, 0, 0, 0, 0, 0
  local stat = redis.call('HGET', base .. ':stats', cell)
  if stat then
    local f = {}
    for token in string.gmatch(stat, '[^ ]+') do f[#f + 1] = tonumber(token) end
    units, sumS, sumS2, sumN, sumN2, cross = f[1], f[2], f[3], f[4], f[5], f[6]
  end
  if n == 0 then units = units + 1 end
  sumS = sumS + x
  sumS2 = sumS2 + 2 * s * x + x * x
  sumN = sumN + 1
  sumN2 = sumN2 + 2 * n + 1
  cross = cross + s + x * n + x
  redis.call('HSET', base .. ':stats', cell,
    num(units) .. ' ' .. num(sumS) .. ' ' .. num(sumS2) .. ' ' .. num(sumN) .. ' ' .. num(sumN2) .. ' ' .. num(cross))
end
redis.call('XADD', base .. ':events', 'MAXLEN', '~', ARGV[7], '*', 'e', ARGV[8])
return 1
