#!/usr/bin/env python3
"""Peak anonymous and file-backed resident memory of a command, sampled every 20 ms from
/proc/PID/status (Linux): usage: peak-rss.py COMMAND [ARG...]. File-backed pages of a
memory-mapped index are page cache the kernel can reclaim; anonymous memory is what the
process itself holds."""
import subprocess, sys, time
p = subprocess.Popen(sys.argv[1:])
peak = {"RssAnon": 0, "RssFile": 0}
while p.poll() is None:
    try:
        for line in open(f"/proc/{p.pid}/status"):
            k = line.split(":")[0]
            if k in peak:
                peak[k] = max(peak[k], int(line.split()[1]))
    except FileNotFoundError:
        break
    time.sleep(0.02)
print(f"peak RssAnon {peak['RssAnon']/1024:.0f} MiB, peak RssFile {peak['RssFile']/1024:.0f} MiB", file=sys.stderr)
