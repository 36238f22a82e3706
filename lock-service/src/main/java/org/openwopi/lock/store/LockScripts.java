package org.openwopi.lock.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts behind every lock state change. Each runs atomically in Redis, so a compare and the change it guards
 * can never be split by another client. KEYS[1] is the file's lock hash, KEYS[2] its fencing counter; both carry the
 * file id as hash tag, so they share a slot in Redis Cluster.
 *
 * <p>Numbers leave Lua through {@code string.format('%.0f')}: Redis turns a Lua number argument into text with
 * {@code %.14g}, which would write a 16-digit fencing token in exponent form.
 */
enum LockScripts {

    /**
     * ARGV: lockId, ttlMs, userId, clientApp. A matching id refreshes, and joins the user to the lock's session (the
     * users of one co-authoring session share its lock id); a new lock takes a new fencing token.
     */
    ACQUIRE("""
            local now = now_ms()
            local cur = redis.call('HGET', KEYS[1], 'lockId')
            if cur then
              if cur ~= ARGV[1] then return {'CONFLICT', cur} end
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              join(ARGV[3])
              return describe('REFRESHED', KEYS[1], now)
            end
            grant(ARGV[1], ARGV[2], ARGV[3], ARGV[4], now)
            return describe('ACQUIRED', KEYS[1], now)
            """),

    /** ARGV: lockId, ttlMs. */
    REFRESH("""
            local now = now_ms()
            local cur = redis.call('HGET', KEYS[1], 'lockId')
            if not cur then return {'NOT_LOCKED'} end
            if cur ~= ARGV[1] then return {'CONFLICT', cur} end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return describe('REFRESHED', KEYS[1], now)
            """),

    /** ARGV: lockId. Compare-and-delete. */
    UNLOCK("""
            local now = now_ms()
            local cur = redis.call('HGET', KEYS[1], 'lockId')
            if not cur then return {'NOT_LOCKED'} end
            if cur ~= ARGV[1] then return {'CONFLICT', cur} end
            local before = describe('UNLOCKED', KEYS[1], now)
            redis.call('DEL', KEYS[1])
            return before
            """),

    /** ARGV: oldLockId, newLockId, ttlMs, userId, clientApp. Compare-and-swap with a new fencing token. */
    RELOCK("""
            local now = now_ms()
            local cur = redis.call('HGET', KEYS[1], 'lockId')
            if not cur then return {'NOT_LOCKED'} end
            if cur ~= ARGV[1] then return {'CONFLICT', cur} end
            redis.call('DEL', KEYS[1])
            grant(ARGV[2], ARGV[3], ARGV[4], ARGV[5], now)
            return describe('RELOCKED', KEYS[1], now)
            """),

    /** No ARGV. The operator's unlock, whatever the id. */
    FORCE_UNLOCK("""
            local now = now_ms()
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'NOT_LOCKED'} end
            local before = describe('UNLOCKED', KEYS[1], now)
            redis.call('DEL', KEYS[1])
            return before
            """),

    /** No ARGV. The lock and its remaining time, read together. */
    GET("""
            local now = now_ms()
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'NOT_LOCKED'} end
            return describe('FOUND', KEYS[1], now)
            """);

    private static final String FUNCTIONS = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function fmt(n)
              return string.format('%.0f', n)
            end
            -- Strictly increasing per file and never reused: a counter starts at the server clock in microseconds, so one
            -- lost with Redis' data starts again above every token handed out before (unless Redis' clock went back).
            local function next_fence()
              if redis.call('EXISTS', KEYS[2]) == 0 then
                local t = redis.call('TIME')
                local start = fmt(tonumber(t[1]) * 1000000 + tonumber(t[2]))
                redis.call('SET', KEYS[2], start)
                return start
              end
              return fmt(redis.call('INCR', KEYS[2]))
            end
            local function grant(lock_id, ttl, user_id, client_app, now)
              redis.call('HSET', KEYS[1], 'lockId', lock_id, 'userId', user_id, 'clientApp', client_app,
                'acquiredAt', fmt(now), 'fencingToken', next_fence(), 'users', user_id)
              redis.call('PEXPIRE', KEYS[1], ttl)
            end
            -- The session's users, one per line (user ids carry no control characters), the holder first; at most 32.
            local function join(user_id)
              if user_id == '' then return end
              local users = redis.call('HGET', KEYS[1], 'users') or ''
              local count = 0
              for user in string.gmatch(users, '[^\\n]+') do
                if user == user_id then return end
                count = count + 1
              end
              if count >= 32 then return end
              if users == '' then users = user_id else users = users .. '\\n' .. user_id end
              redis.call('HSET', KEYS[1], 'users', users)
            end
            local function describe(status, key, now)
              local v = redis.call('HMGET', key, 'lockId', 'userId', 'clientApp', 'acquiredAt', 'fencingToken', 'users')
              return {status, v[1], v[2], v[3], v[4], v[5], fmt(now + redis.call('PTTL', key)), v[6] or ''}
            end
            """;

    private final String source;
    private final String sha1;

    LockScripts(String body) {
        this.source = FUNCTIONS + body;
        this.sha1 = sha1(source);
    }

    String source() {
        return source;
    }

    /** The digest Redis files the script under, computed here so EVALSHA needs no SCRIPT LOAD round trip first. */
    String sha1() {
        return sha1;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }
}
