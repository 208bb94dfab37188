/**
 * The Lua scripts behind the store. Each runs atomically in Redis (one script
 * at a time, https://redis.io/docs/latest/develop/interact/programmability/eval-intro/),
 * so two processes can never both take the last slot of a window.
 *
 * They hold no settings key: every call carries the rule, and every key has a
 * TTL no longer than the state it holds. A key that vanishes (restart without
 * persistence, eviction, FLUSHALL) only forgets recent starts; the next call
 * recreates it. That is the failure bottleneck's clustering cannot recover
 * from: its scripts answer `SETTINGS_KEY_NOT_FOUND` once its settings key is
 * gone (SGrondin/bottleneck#205, #219).
 *
 * Time is Redis `TIME`, in fractional ms, so processes with skewed clocks
 * agree; callers exchange only durations with the scripts.
 *
 * Keys per bucket, in this order (see `bucketKeys`):
 *   w  sorted set: one member per started quota unit, scored by start time (the sliding-window log)
 *   c  sorted set: concurrency leases, scored by lease expiry
 *   s  string: earliest next start (minimum spacing), PX = the spacing
 *   p  string: paused until, PX = the pause
 *   q  hash {b = budget, u = until}: what the server said remains until its reset
 *   g  string: the generation, a token set when the bucket's state was (re)created
 *
 * The generation is how a process learns that Redis lost a bucket: each
 * process sends the generation it last saw; a different one means the window
 * log it wrote to is gone, and the process writes its own recent starts back
 * (`SEED`) before it acquires. Each process does that once per generation, so
 * together they rebuild the log. The first to notice pauses the bucket for
 * its window, at most 1 s, so that requests do not start on a half-rebuilt
 * log: for windows up to 1 s that is exact (every lost start has expired by
 * then); a longer window counts the starts of the processes that called
 * during that second.
 */

/** Fields per bucket in KEYS and in ARGV of `ACQUIRE`. */
export const KEYS_PER_BUCKET = 6;
export const ARGS_PER_BUCKET = 5;
export const KEY_SUFFIXES = [':w', ':c', ':s', ':p', ':q', ':g'] as const;

/** `ACQUIRE` reasons by the number in its reply (1 paused, 2 quota, 3 spacing, 4 interval, 5 concurrency; 0 unused). */
export const REASONS = [
  'interval',
  'paused',
  'quota',
  'spacing',
  'interval',
  'concurrency',
] as const;

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
`;

/**
 * ARGV: cost, leaseMs, token, buckets, then per bucket: limit (-1: none),
 * intervalMs, concurrency (-1: none), minSpacingMs, the generation last seen ('' for none).
 * Reply, followed by each bucket's generation:
 * {1, ...} granted; {0, waitMs, bucket index (1-based), reason, ...} held back;
 * {2, ...} a bucket's generation changed: nothing was taken, seed and retry.
 */
export const ACQUIRE = `${NOW}
local cost = tonumber(ARGV[1])
local lease = tonumber(ARGV[2])
local token = ARGV[3]
local n = tonumber(ARGV[4])
local wait, worst, why, busy = 0, 0, 0, 0
local budgets, gens, lost = {}, {}, false
for i = 1, n do
  local k = (i - 1) * 6
  local a = 4 + (i - 1) * 5
  local g = redis.call('GET', KEYS[k + 6])
  local ttl = math.ceil(tonumber(ARGV[a + 2])) + lease
  if g then
    redis.call('PEXPIRE', KEYS[k + 6], ttl)
  else
    g = token
    redis.call('SET', KEYS[k + 6], g, 'PX', ttl)
    if ARGV[a + 5] ~= '' then
      -- The caller wrote to a log Redis no longer has: nobody knows how many
      -- starts its window held. Hold the bucket (up to 1 s) while the
      -- processes write theirs back, each on its next call.
      local hold = math.min(tonumber(ARGV[a + 2]), 1000)
      local p = redis.call('GET', KEYS[k + 4])
      if not p or tonumber(p) < now + hold then
        redis.call('SET', KEYS[k + 4], now + hold, 'PX', math.ceil(hold))
      end
    end
  end
  gens[i] = g
  if ARGV[a + 5] ~= '' and ARGV[a + 5] ~= g then lost = true end
end
if lost then
  table.insert(gens, 1, 2)
  return gens
end
for i = 1, n do
  local k = (i - 1) * 6
  local a = 4 + (i - 1) * 5
  local limit, interval = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local conc, spacing = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local p = redis.call('GET', KEYS[k + 4])
  if p then
    local ms = tonumber(p) - now
    if ms > wait then wait, worst, why = ms, i, 1 end
  end
  local q = redis.call('HMGET', KEYS[k + 5], 'b', 'u')
  if q[1] and q[2] and tonumber(q[2]) > now then
    budgets[i] = true
    local ms = tonumber(q[2]) - now
    if tonumber(q[1]) < cost and ms > wait then wait, worst, why = ms, i, 2 end
  end
  if spacing > 0 then
    local s = redis.call('GET', KEYS[k + 3])
    if s then
      local ms = tonumber(s) - now
      if ms > wait then wait, worst, why = ms, i, 3 end
    end
  end
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[k + 1], '-inf', now - interval)
    local excess = redis.call('ZCARD', KEYS[k + 1]) + cost - limit
    if excess > 0 then
      -- The excess-th oldest start is the one whose expiry makes room.
      local e = redis.call('ZRANGE', KEYS[k + 1], excess - 1, excess - 1, 'WITHSCORES')
      local ms = tonumber(e[2]) + interval - now
      if ms > wait then wait, worst, why = ms, i, 4 end
    end
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[k + 2], '-inf', now)
  if conc > 0 and busy == 0 and redis.call('ZCARD', KEYS[k + 2]) >= conc then busy = i end
end
if wait > 0 or busy > 0 then
  if busy > 0 then worst, why = busy, 5 end
  local reply = {0, math.ceil(wait), worst, why}
  for i = 1, n do reply[4 + i] = gens[i] end
  return reply
end
for i = 1, n do
  local k = (i - 1) * 6
  local a = 4 + (i - 1) * 5
  local limit, interval = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local spacing = tonumber(ARGV[a + 4])
  if limit > 0 then
    for j = 1, cost do redis.call('ZADD', KEYS[k + 1], now, token .. ':' .. j) end
    redis.call('PEXPIRE', KEYS[k + 1], math.ceil(interval) + 1)
  end
  if spacing > 0 then
    redis.call('SET', KEYS[k + 3], now + spacing, 'PX', math.ceil(spacing))
  end
  if budgets[i] then redis.call('HINCRBYFLOAT', KEYS[k + 5], 'b', -cost) end
  redis.call('ZADD', KEYS[k + 2], now + lease, token)
  redis.call('PEXPIRE', KEYS[k + 2], lease)
end
table.insert(gens, 1, 1)
return gens
`;

/**
 * Moves a grant's starts to now: the reply reached the process late (it was
 * stalled: GC, a busy machine), so the request leaves later than Redis
 * recorded it, and the vendor counts it when it arrives. Without this, its
 * slot would free up early and a later request could land in the same window.
 * KEYS: w then s of each bucket. ARGV: token, cost, then intervalMs and minSpacingMs of each bucket.
 */
export const RESTAMP = `${NOW}
local token, cost = ARGV[1], tonumber(ARGV[2])
for i = 1, #KEYS / 2 do
  local interval, spacing = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  if interval > 0 then
    for j = 1, cost do redis.call('ZADD', KEYS[2 * i - 1], 'XX', now, token .. ':' .. j) end
    redis.call('PEXPIRE', KEYS[2 * i - 1], math.ceil(interval) + 1)
  end
  if spacing > 0 then redis.call('SET', KEYS[2 * i], now + spacing, 'PX', math.ceil(spacing)) end
end
return 1
`;

/** KEYS: lease sets. ARGV: the token to remove from each, in the same order. */
export const RELEASE = `
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[i]) end
return 1
`;

/** KEYS: p. ARGV: pause in ms from now. Pauses only ever extend. Reply: ms left. */
export const PAUSE = `${NOW}
local ms = tonumber(ARGV[1])
local cur = redis.call('GET', KEYS[1])
local left = cur and (tonumber(cur) - now) or 0
if ms > left then
  redis.call('SET', KEYS[1], now + ms, 'PX', math.ceil(ms))
  left = ms
end
return math.ceil(left)
`;

/** KEYS: p. Reply: ms the key stays paused; 0 when it is not. */
export const PAUSED_FOR = `${NOW}
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local left = tonumber(cur) - now
if left <= 0 then return 0 end
return math.ceil(left)
`;

/**
 * KEYS: q, c. ARGV: remaining, ms until the reset.
 * Mirrors the memory store: requests in flight may not be counted in the
 * server's figure yet, and within one window (resets within 1 s of each
 * other, the resolution of reset headers) the lowest figure is the freshest.
 */
export const SET_REMAINING = `${NOW}
local reset = now + tonumber(ARGV[2])
local inflight = redis.call('ZCOUNT', KEYS[2], now, '+inf')
local left = math.max(0, tonumber(ARGV[1]) - inflight)
local q = redis.call('HMGET', KEYS[1], 'b', 'u')
local u = q[2] and tonumber(q[2]) or 0
if q[1] and u > now and math.abs(reset - u) <= 1000 then
  left = math.min(tonumber(q[1]), left)
  reset = math.max(u, reset)
end
redis.call('HSET', KEYS[1], 'b', left, 'u', reset)
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(reset - now)))
return 1
`;

/**
 * Renews this process's leases and its presence, and counts live processes.
 * KEYS: the presence set, then lease sets. ARGV: process id, presence ms,
 * lease ms, then for each lease set its token count followed by the tokens.
 * Re-adding a lease also restores it after the set was lost.
 */
export const HEARTBEAT = `${NOW}
local presence = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + presence, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(presence))
local a = 4
for i = 2, #KEYS do
  local count = tonumber(ARGV[a])
  for j = 1, count do redis.call('ZADD', KEYS[i], now + lease, ARGV[a + j]) end
  if count > 0 then redis.call('PEXPIRE', KEYS[i], lease) end
  a = a + count + 1
end
return redis.call('ZCARD', KEYS[1])
`;

/**
 * Writes this process's recent starts into a window log (after Redis lost it,
 * or for starts the local fallback granted while Redis was away) and its
 * pause, so the first window after recovery counts them.
 * KEYS: w, p. ARGV: intervalMs, token, pause ms left (0: none), then the age in ms of each start.
 */
export const SEED = `${NOW}
local interval = tonumber(ARGV[1])
local added = 0
for i = 4, #ARGV do
  local at = now - tonumber(ARGV[i])
  if at > now - interval then
    redis.call('ZADD', KEYS[1], at, ARGV[2] .. ':' .. i)
    added = added + 1
  end
end
if added > 0 then redis.call('PEXPIRE', KEYS[1], math.ceil(interval) + 1) end
local pause = tonumber(ARGV[3])
if pause > 0 then
  local cur = redis.call('GET', KEYS[2])
  if not cur or tonumber(cur) < now + pause then
    redis.call('SET', KEYS[2], now + pause, 'PX', math.ceil(pause))
  end
end
return added
`;
