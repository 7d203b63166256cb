-- Reads the time-series buckets of one shard base (KEYS[1], e.g. "abgw:{support-prompt:3}") atomically, so a
-- merge by record.lua cannot move a bucket between reading the index and reading the bucket.
-- Returns, per bucket (hourly first, then minute, each by start): "h" or "m", the start, the bucket hash as a
-- flat field/value list. See record.lua for the layout.
local base = KEYS[1]
local out = {}
for _, width in ipairs({'h', 'm'}) do
  local starts = redis.call('ZRANGE', base .. ':ts:' .. width, 0, -1)
  for _, start in ipairs(starts) do
    out[#out + 1] = width
    out[#out + 1] = start
    out[#out + 1] = redis.call('HGETALL', base .. ':ts:' .. width .. ':' .. start)
  end
end
return out
