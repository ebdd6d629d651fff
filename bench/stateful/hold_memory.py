#!/usr/bin/env python3
"""Peak memory of `carl hunt` with the shipped analytics when filters that
wait for the end of the input (on `now`, on TOPn) have much to hold: the
cmd.exe events of bench/gen_sysmon.py's output, a year of them, half of them
started by services.exe, then Security logons of 400 users. Runs carl with
the default --hold-memory and with one large enough to be no bound, under
/usr/bin/time -v. Files go to bench/corpus/ (not in git).

usage: bench/stateful/hold_memory.py [--build DIR] [--mb SIZE]
"""
import argparse
import json
import os
import random
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "bench", "corpus")
SERVICES = r'"ParentImage": "C:\\\\Windows\\\\System32\\\\services.exe"'


def sysmon_shells(mb, out):
    base = os.path.join(CORPUS, "sysmon_%d.jsonl" % mb)
    if not os.path.exists(base):
        subprocess.run(["python3", os.path.join(ROOT, "bench", "gen_sysmon.py"),
                        "--mb", str(mb), base], check=True,
                       stderr=subprocess.DEVNULL)
    with open(base) as f:
        shells = [line for line in f
                  if '"EventID": 1,' in line and 'cmd.exe"' in line.lower()]
    for month in range(1, 13):
        for i, line in enumerate(shells):
            line = line.replace('"UtcTime": "2026-11-',
                                '"UtcTime": "2026-%02d-' % month)
            if i % 2:
                line = re.sub(r'"ParentImage": "[^"]*"', SERVICES, line)
            out.write(line)


def logons(count, out):
    rng = random.Random(6)
    users = ["user%03d" % i for i in range(400)]
    for s in range(count):
        out.write(json.dumps({
            "EventID": 4624, "Channel": "Security",
            "Computer": "WKSTN-%03d.corp.example" % rng.randrange(60),
            "TimeCreated": "2026-11-%02dT%02d:%02d:%02dZ" % (
                1 + s // 86400 % 28, s // 3600 % 24, s // 60 % 60, s % 60),
            "TargetUserName": rng.choice(users), "TargetDomainName": "CORP",
            "LogonType": rng.choice([2, 3, 10]),
            "IpAddress": "10.0.%d.%d" % (rng.randrange(256),
                                         rng.randrange(256)),
            "LogonProcessName": "User32",
            "AuthenticationPackageName": "Negotiate",
            "TargetLogonId": "0x%x" % rng.randrange(1 << 32)}) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--mb", type=int, default=400)
    args = p.parse_args()
    os.makedirs(CORPUS, exist_ok=True)
    path = os.path.join(CORPUS, "holds.jsonl")
    with open(path, "w") as out:
        sysmon_shells(args.mb, out)
        logons(200000, out)
    print("input: %.0f MB" % (os.path.getsize(path) / 1e6))

    for megabytes in (8, 100000):
        run = subprocess.run(
            ["/usr/bin/time", "-v", os.path.join(args.build, "carl"), "hunt",
             "--hold-memory", str(megabytes), path],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                        run.stderr).group(1)
        summary = [l for l in run.stderr.splitlines() if l.startswith("carl")]
        print("--hold-memory %d: peak RSS %.1f MB" % (megabytes,
                                                      int(rss) / 1024))
        for line in summary:
            print("  " + line)


if __name__ == "__main__":
    main()
