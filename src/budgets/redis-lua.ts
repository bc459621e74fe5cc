/**
 * The Redis store's atomic steps, in Lua: ports of core.ts (budgets) and gcra.ts (rate limits), so Redis
 * answers exactly as the memory and SQLite stores do. Each script runs alone on the server: no client
 * reads and then writes.
 *
 * Keys (all under one hash tag, so a cluster keeps them in one slot and a step may span them):
 *   C = {p}:c:<limit id>@<window start>  hash: used, reserved, and r:<reservation id> = amount held
 *   H = {p}:h:<limit id>@<window start>  sorted set: reservation id scored by its lease end
 *   R = {p}:r:<reservation id>           hash: n, u (units), l (lease end), c<i>/h<i>/e<i> per item
 *   L = {p}:leases                       sorted set: reservation id scored by its lease end (for sweep)
 *   T = {p}:t:<rule key>                 string: the rule's GCRA TAT
 * Settle, release, extend and sweep reach C and H through the names stored in R; they share R's slot, which
 * Redis permits for keys not declared in KEYS (documented for scripts without flags, Redis 7).
 *
 * Amounts travel as decimal strings. Lua numbers are doubles, exact here because every amount, limit and
 * counter is below 2^53 (validate.ts); a number written back is formatted with %.0f (integers) or %.17g
 * (TATs), never tostring, which keeps only 14 digits. Scripts make as few calls as they can (Redis CPU is
 * what many instances share): expiries are set only when a key is created, and the earliest lease is
 * read before scanning for expired ones.
 */

const PRELUDE = `
local function neg(s)
  if s == '0' then return '0' end
  return '-' .. s
end
-- Frees the holds on counter c (hold index h) whose lease ended at or before now.
local function reclaim(c, h, now)
  local ids = redis.call('ZRANGEBYSCORE', h, '-inf', now)
  if #ids == 0 then return end
  for _, id in ipairs(ids) do
    local f = 'r:' .. id
    local held = redis.call('HGET', c, f)
    if held then
      redis.call('HINCRBY', c, 'reserved', neg(held))
      redis.call('HDEL', c, f)
    end
  end
  redis.call('ZREMRANGEBYSCORE', h, '-inf', now)
end
`;

/**
 * KEYS: R, L, then C and H per item.
 * ARGV: id, now, lease end, keep until, min units, max units, then per item: amount, perUnit, limit,
 * hard (1|0), counter expiry (0 = never).
 * Returns {-1} for a duplicate id, else {granted 1|0, units, used_1, reserved_1, ...} (counters before).
 */
export const RESERVE = `${PRELUDE}
local id = ARGV[1]
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
local now = ARGV[2]
local nowNumber = tonumber(now)
local n = (#KEYS - 2) / 2
local minUnits = tonumber(ARGV[5])
local units = tonumber(ARGV[6])
local out = {0, 0}
local reserved, newCounter, newHolds = {}, {}, {}
for i = 1, n do
  local c, h = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  -- The earliest lease says both whether anything expired and whether the hold index exists (for its TTL).
  local first = redis.call('ZRANGE', h, 0, 0, 'WITHSCORES')
  newHolds[i] = first[1] == nil
  if first[2] and tonumber(first[2]) <= nowNumber then
    reclaim(c, h, now)
    newHolds[i] = true -- reclaiming may have emptied (deleted) it
  end
  local v = redis.call('HMGET', c, 'used', 'reserved')
  newCounter[i] = not v[1] and not v[2]
  local used = tonumber(v[1]) or 0
  reserved[i] = tonumber(v[2]) or 0
  out[#out + 1] = used
  out[#out + 1] = reserved[i]
  local a = 6 + 5 * (i - 1)
  if ARGV[a + 4] == '1' then
    local room = tonumber(ARGV[a + 3]) - used - reserved[i] - tonumber(ARGV[a + 1])
    if room < 0 then
      units = -1
    else
      local perUnit = tonumber(ARGV[a + 2])
      if perUnit > 0 then units = math.min(units, math.floor(room / perUnit)) end
    end
  end
end
if units < minUnits then return out end
local leaseUntil = ARGV[3]
local rec = {'n', n, 'u', string.format('%.0f', units), 'l', leaseUntil}
for i = 1, n do
  local c, h = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local a = 6 + 5 * (i - 1)
  local amount = tonumber(ARGV[a + 1]) + tonumber(ARGV[a + 2]) * units
  redis.call('HSET', c, 'reserved', string.format('%.0f', reserved[i] + amount), 'r:' .. id, string.format('%.0f', amount))
  redis.call('ZADD', h, leaseUntil, id)
  -- Expiry is set when a key is created; writes to an existing key keep it.
  local e = ARGV[a + 5]
  if e ~= '0' then
    if newCounter[i] then redis.call('PEXPIREAT', c, e) end
    if newHolds[i] then redis.call('PEXPIREAT', h, e) end
  end
  rec[#rec + 1] = 'c' .. i
  rec[#rec + 1] = c
  rec[#rec + 1] = 'h' .. i
  rec[#rec + 1] = h
  rec[#rec + 1] = 'e' .. i
  rec[#rec + 1] = e
end
redis.call('HSET', KEYS[1], unpack(rec))
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], leaseUntil, id)
out[1] = 1
out[2] = units
return out
`;

/**
 * Settle (ARGV[2] = '1', actual amounts follow in item order) or release (ARGV[2] = '0').
 * KEYS: R, L. ARGV: id, mode, amounts...
 * Returns {0} unknown, {1} done, {2} late (a hold had been reclaimed), {-1, n} wrong number of amounts.
 */
export const FINISH = `${PRELUDE}
local id = ARGV[1]
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then return {0} end
local rec = {}
for i = 1, #fields, 2 do rec[fields[i]] = fields[i + 1] end
local n = tonumber(rec.n)
local settle = ARGV[2] == '1'
if settle and #ARGV - 2 ~= n then return {-1, n} end
local f = 'r:' .. id
local late = 0
for i = 1, n do
  local c, h, e = rec['c' .. i], rec['h' .. i], rec['e' .. i]
  local v = redis.call('HMGET', c, 'reserved', f)
  if v[2] then
    redis.call('HINCRBY', c, 'reserved', neg(v[2]))
    redis.call('HDEL', c, f)
    redis.call('ZREM', h, id)
  else
    late = 1
  end
  if settle and ARGV[2 + i] ~= '0' then
    redis.call('HINCRBY', c, 'used', ARGV[2 + i])
    -- a late settle may recreate a counter that had expired; give it back its expiry
    if not v[1] and e ~= '0' then redis.call('PEXPIREAT', c, e) end
  end
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], id)
return {1 + late}
`;

/**
 * KEYS: R, L. ARGV: id, new lease end, keep until.
 * Returns {0} unknown, {1} extended, {2} part or all had been reclaimed (the rest is extended).
 */
export const EXTEND = `
local id = ARGV[1]
local n = redis.call('HGET', KEYS[1], 'n')
if not n then return {0} end
local f = 'r:' .. id
local missing = 0
for i = 1, tonumber(n) do
  local ch = redis.call('HMGET', KEYS[1], 'c' .. i, 'h' .. i)
  -- a hold past its lease but not yet reclaimed still counts as reserved, so extending it is safe
  if redis.call('HEXISTS', ch[1], f) == 1 then
    redis.call('ZADD', ch[2], ARGV[2], id)
  else
    missing = 1
  end
end
redis.call('HSET', KEYS[1], 'l', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], id)
return {1 + missing}
`;

/**
 * KEYS: C and H per limit. ARGV: now. Reclaims expired holds, then returns {used_1, reserved_1, ...}.
 */
export const USAGE = `${PRELUDE}
local out = {}
for i = 1, #KEYS / 2 do
  local c, h = KEYS[2 * i - 1], KEYS[2 * i]
  reclaim(c, h, ARGV[1])
  local v = redis.call('HMGET', c, 'used', 'reserved')
  out[#out + 1] = tonumber(v[1]) or 0
  out[#out + 1] = tonumber(v[2]) or 0
end
return out
`;

/**
 * KEYS: L. ARGV: now, batch size, R's name prefix. Reclaims one batch of expired leases; returns the count.
 * The record stays (until its expiry) so a late settle still finds its counters.
 */
export const SWEEP = `${PRELUDE}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  local rec = ARGV[3] .. id
  local n = redis.call('HGET', rec, 'n')
  if n then
    local f = 'r:' .. id
    for i = 1, tonumber(n) do
      local ch = redis.call('HMGET', rec, 'c' .. i, 'h' .. i)
      local held = redis.call('HGET', ch[1], f)
      if held then
        redis.call('HINCRBY', ch[1], 'reserved', neg(held))
        redis.call('HDEL', ch[1], f)
        redis.call('ZREM', ch[2], id)
      end
    end
  end
  redis.call('ZREM', KEYS[1], id)
end
return #ids
`;

/**
 * GCRA take, all or nothing (gcra.ts gcraTake). KEYS: T per rule. ARGV: now, then per rule: interval,
 * tolerance, cost. Returns {1, remaining_1, ...} or {0, index (1-based), wait ms | -1 for never}.
 */
export const TAKE = `
local now = tonumber(ARGV[1])
local tats, remaining = {}, {}
local worst, worstWait = 0, -1
for i = 1, #KEYS do
  local interval, tolerance, cost = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i]), tonumber(ARGV[3 * i + 1])
  local stored = redis.call('GET', KEYS[i])
  local tat = now
  if stored then tat = math.max(tonumber(stored), now) end
  local increment = cost * interval
  local nextTat = tat + increment
  local wait = nil
  if increment > tolerance then
    wait = math.huge
  elseif nextTat - now > tolerance then
    wait = nextTat - now - tolerance
  else
    tats[i] = nextTat
    remaining[i] = math.floor((tolerance - (nextTat - now)) / interval + 1e-9)
  end
  if wait and wait > worstWait then
    worst = i
    worstWait = wait
  end
end
if worst > 0 then
  if worstWait == math.huge then return {0, worst, -1} end
  return {0, worst, math.ceil(worstWait)}
end
local out = {1}
for i = 1, #KEYS do
  if tonumber(ARGV[3 * i + 1]) > 0 then
    redis.call('SET', KEYS[i], string.format('%.17g', tats[i]), 'PXAT', string.format('%.0f', math.ceil(tats[i])))
  end
  out[#out + 1] = remaining[i]
end
return out
`;

/** GCRA adjust (gcra.ts gcraAdjust). KEYS: T per rule. ARGV: now, then per rule: interval, signed cost. */
export const ADJUST = `
local now = tonumber(ARGV[1])
for i = 1, #KEYS do
  local interval, cost = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  if cost ~= 0 then
    local stored = redis.call('GET', KEYS[i])
    local tat = now
    if stored then tat = math.max(tonumber(stored), now) end
    tat = tat + cost * interval
    if tat > now then
      redis.call('SET', KEYS[i], string.format('%.17g', tat), 'PXAT', string.format('%.0f', math.ceil(tat)))
    else
      redis.call('DEL', KEYS[i])
    end
  end
end
return 1
`;
