#!/usr/bin/env python3
"""Redis CPU per judgment of gateway/src/main/resources/abgw/record.lua (or a variant of it, to time what one
part costs): chunks of judgments shaped like `./abgw bench ingest`'s (1,000 units, one observation a|quality or
b|quality, an event JSON of about 330 bytes, a judgment id each, a batch key per chunk), sent with EVALSHA, one
call in flight, after 20 untimed chunks. Prints the Redis server's CPU (INFO cpu, user + sys) per judgment,
which other processes on the machine do not change, and deletes its keys (prefix abgwingest:lbPID).

usage: record-lua-cpu.py PORT SCRIPT CHUNKS [CHUNK_SIZE (256)] [LAYOUT: new (dedupe field) | old (dedupe key)]
e.g.   python3 loadtest/scripts/record-lua-cpu.py 6379 gateway/src/main/resources/abgw/record.lua 200
Use a Redis of your own: the CPU figure counts every client of that server."""
import socket, sys, time, os

port, script_path, chunks = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
chunk = int(sys.argv[4]) if len(sys.argv) > 4 else 256
layout = sys.argv[5] if len(sys.argv) > 5 else 'new'
prefix = 'abgwingest:lb%d' % os.getpid()

s = socket.create_connection(('127.0.0.1', port))
f = s.makefile('rb')

def enc(args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        if isinstance(a, str): a = a.encode()
        elif isinstance(a, int): a = str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)

def read():
    line = f.readline()
    t = line[:1]
    if t == b'+': return line[1:-2].decode()
    if t == b'-': raise RuntimeError(line.decode())
    if t == b':': return int(line[1:-2])
    if t == b'$':
        n = int(line[1:-2])
        if n < 0: return None
        d = f.read(n + 2); return d[:-2]
    if t == b'*':
        n = int(line[1:-2])
        return [read() for _ in range(n)] if n >= 0 else None
    raise RuntimeError(line)

def call(*args):
    s.sendall(enc(list(args))); return read()

def cpu():
    info = call('INFO', 'cpu').decode()
    d = dict(l.split(':') for l in info.split('\r\n') if ':' in l)
    return float(d['used_cpu_user']) + float(d['used_cpu_sys'])

sha = call('SCRIPT', 'LOAD', open(script_path).read())
base = prefix + ':{bench:0}'
now = int(time.time() * 1000)
seq = 0

def argv_old(c):
    global seq
    a = ['EVALSHA', sha, 1, base, 604800, 1000000, 604800, prefix + ':batch:%d' % c, 6, 2160]
    for i in range(chunk):
        seq += 1
        u = 'u%d' % (seq % 1000)
        v = 'ab'[seq % 2]
        ev = ('{"type":"judgment","experiment":"bench","variant":"%s","unit":"%s","requestId":"%032x",'
              '"metric":"quality","value":%s,"id":"batch-%d","judge":null,"confidence":null,"comment":null,'
              '"time":"2026-12-01T14:20:36.767Z","segments":{}}') % (v, u, seq, (seq % 100) / 100, seq)
        a += [base, v, u, '', '', ev, '0', '%s:jid:%d:%s:batch-%d' % (base, len(u), u, seq) if layout == 'old'
              else '%d:%s:batch-%d' % (len(u), u, seq), now + seq // 100, 1, v + '|quality', repr((seq % 100) / 100)]
    return a

# warm up: the hashes reach their steady size (1,000 units)
for c in range(20): call(*argv_old(c))
c0, t0 = cpu(), time.time()
for c in range(chunks):
    r = call(*argv_old(1000 + c))
    assert isinstance(r, list) and len(r) == chunk and all(x == 1 for x in r), r[:5]
c1, t1 = cpu(), time.time()
n = chunks * chunk
print('%s: %d judgments, Redis CPU %.2f us/judgment, wall %.2f us/judgment' % (
    os.path.basename(script_path), n, (c1 - c0) * 1e6 / n, (t1 - t0) * 1e6 / n))
# clean up own keys
cur = 0
while True:
    cur, keys = call('SCAN', cur, 'MATCH', prefix + '*', 'COUNT', 1000)
    cur = int(cur)
    if keys: call('DEL', *keys)
    if cur == 0: break
