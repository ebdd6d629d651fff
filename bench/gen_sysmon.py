#!/usr/bin/env python3
"""Writes realistic Sysmon events as JSON lines for bench/run: every common
event id, Windows paths and command lines in mixed letter case, and a known
number of planted CAR-2019-07-002 matches and near misses, reported on stderr.

usage: gen_sysmon.py --mb SIZE [--seed N] [--every N] OUT
"""
import argparse
import json
import random
import sys

HOSTS = [f"WKSTN-{n:03d}.corp.example" for n in range(1, 60)] + [
    "SRV-DC01.corp.example", "SRV-FILE02.corp.example", "SRV-SQL03.corp.example"]
USERS = ["CORP\\jdoe", "CORP\\asmith", "CORP\\svc_backup", "NT AUTHORITY\\SYSTEM",
         "NT AUTHORITY\\LOCAL SERVICE", "CORP\\mgarcia", "CORP\\Administrator"]
SYS32 = ["C:\\Windows\\System32\\", "C:\\WINDOWS\\system32\\",
         "c:\\windows\\system32\\"]
PROGRAMS = [
    ("svchost.exe", "-k netsvcs -p -s Schedule"),
    ("svchost.exe", "-k LocalServiceNetworkRestricted -p"),
    ("cmd.exe", "/c echo %DATE% > C:\\Temp\\stamp.txt"),
    ("cmd.exe", "/c dir /s C:\\Users\\Public"),
    ("WindowsPowerShell\\v1.0\\powershell.exe",
     "-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1"),
    ("conhost.exe", "0xffffffff -ForceV1"),
    ("taskhostw.exe", "Install $(Arg0)"),
    ("rundll32.exe", "C:\\Windows\\system32\\shell32.dll,Control_RunDLL"),
    ("wbem\\WmiPrvSE.exe", "-secured -Embedding"),
    ("SearchIndexer.exe", "/Embedding"),
    ("reg.exe", "query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"),
    ("schtasks.exe", "/query /fo LIST /v"),
    ("net.exe", "use \\\\SRV-FILE02\\share /persistent:no"),
    ("tasklist.exe", "/svc /fo csv"),
    ("whoami.exe", "/all"),
    ("sc.exe", "query type= service state= all"),
]
APPS = [
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
    "C:\\Program Files (x86)\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
    "C:\\Program Files\\Microsoft VS Code\\Code.exe",
    "C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
    "C:\\Program Files\\7-Zip\\7z.exe",
    "C:\\Program Files\\Notepad++\\notepad++.exe",
]
DLLS = ["ntdll.dll", "kernel32.dll", "KERNELBASE.dll", "advapi32.dll",
        "user32.dll", "crypt32.dll", "wininet.dll", "bcrypt.dll", "dbghelp.dll"]
DOMAINS = ["www.microsoft.com", "login.microsoftonline.com", "update.googleapis.com",
           "cdn.example.net", "github.com", "ocsp.digicert.com", "wpad.corp.example"]
REG_KEYS = ["HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
            "HKU\\S-1-5-21-1004\\Software\\Microsoft\\Office\\16.0\\Word\\MRU",
            "HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.pid = 1000
        self.t = 0

    def case(self, text):
        """Letter case as real logs mix it: as is, lower or upper."""
        x = self.r.random()
        return text if x < 0.8 else text.lower() if x < 0.93 else text.upper()

    def guid(self):
        r = self.r
        return "{%08X-%04X-%04X-%04X-%012X}" % (
            r.getrandbits(32), r.getrandbits(16), r.getrandbits(16),
            r.getrandbits(16), r.getrandbits(48))

    def hashes(self):
        r = self.r
        return "SHA1=%040X,MD5=%032X,SHA256=%064X,IMPHASH=%032X" % (
            r.getrandbits(160), r.getrandbits(128), r.getrandbits(256),
            r.getrandbits(128))

    def base(self, event_id):
        self.t += self.r.randint(1, 40)
        self.pid += self.r.randint(1, 9)
        ms = self.t
        return {
            "EventID": event_id,
            "Provider": "Microsoft-Windows-Sysmon",
            "Channel": "Microsoft-Windows-Sysmon/Operational",
            "Computer": self.r.choice(HOSTS),
            "RuleName": "-",
            "UtcTime": "2026-11-%02d %02d:%02d:%02d.%03d" % (
                1 + ms // 86400000 % 28, ms // 3600000 % 24, ms // 60000 % 60,
                ms // 1000 % 60, ms % 1000),
        }

    def program(self):
        if self.r.random() < 0.3:
            return self.r.choice(APPS), ""
        name, args = self.r.choice(PROGRAMS)
        return self.case(self.r.choice(SYS32) + name), args

    def process_create(self, image=None, command=None, parent=None):
        e = self.base(1)
        img, args = self.program()
        image = image or img
        pimg, pargs = self.program()
        parent = parent or pimg
        e.update({
            "ProcessGuid": self.guid(), "ProcessId": self.pid, "Image": image,
            "FileVersion": "10.0.19041.1 (WinBuild.160101.0800)",
            "Description": "Windows host process", "Product": "Microsoft Windows",
            "Company": "Microsoft Corporation",
            "OriginalFileName": image.rsplit("\\", 1)[-1],
            "CommandLine": command or ('"%s" %s' % (image, args)).strip(),
            "CurrentDirectory": "C:\\Windows\\system32\\",
            "User": self.r.choice(USERS),
            "LogonGuid": self.guid(), "LogonId": "0x%x" % self.r.getrandbits(24),
            "TerminalSessionId": self.r.randint(0, 3),
            "IntegrityLevel": self.r.choice(["Medium", "High", "System"]),
            "Hashes": self.hashes(), "ParentProcessGuid": self.guid(),
            "ParentProcessId": self.pid - self.r.randint(1, 500),
            "ParentImage": parent,
            "ParentCommandLine": ('"%s" %s' % (parent, pargs)).strip(),
            "ParentUser": self.r.choice(USERS),
        })
        return e

    def common(self):
        r = self.r
        kind = r.choices([1, 3, 5, 7, 8, 10, 11, 12, 13, 17, 22, 23],
                         [18, 14, 8, 20, 1, 10, 9, 5, 7, 2, 5, 1])[0]
        if kind == 1:
            return self.process_create()
        e = self.base(kind)
        img, _ = self.program()
        e.update({"ProcessGuid": self.guid(), "ProcessId": self.pid, "Image": img})
        if kind == 3:
            e.update({"User": r.choice(USERS), "Protocol": "tcp", "Initiated": "true",
                      "SourceIsIpv6": "false", "SourceIp": "10.1.%d.%d" % (
                          r.randint(0, 9), r.randint(2, 250)),
                      "SourceHostname": e["Computer"],
                      "SourcePort": r.randint(49152, 65535),
                      "DestinationIsIpv6": "false",
                      "DestinationIp": "%d.%d.%d.%d" % tuple(
                          r.randint(1, 254) for _ in range(4)),
                      "DestinationHostname": r.choice(DOMAINS),
                      "DestinationPort": r.choice([443, 80, 445, 53, 135, 3389])})
        elif kind == 7:
            dll = r.choice(DLLS)
            e.update({"ImageLoaded": self.case(r.choice(SYS32) + dll),
                      "FileVersion": "10.0.19041.1", "Description": dll,
                      "Product": "Microsoft Windows",
                      "Company": "Microsoft Corporation", "OriginalFileName": dll,
                      "Hashes": self.hashes(), "Signed": "true",
                      "Signature": "Microsoft Windows", "SignatureStatus": "Valid",
                      "User": r.choice(USERS)})
        elif kind == 8:
            e.update({"SourceProcessGuid": e.pop("ProcessGuid"),
                      "TargetProcessGuid": self.guid(),
                      "TargetImage": self.program()[0],
                      "StartAddress": "0x%016X" % r.getrandbits(48)})
        elif kind == 10:
            target = r.choice(SYS32) + r.choice(["lsass.exe", "csrss.exe",
                                                 "svchost.exe", "winlogon.exe"])
            e.update({"SourceProcessGUID": e.pop("ProcessGuid"),
                      "SourceProcessId": e.pop("ProcessId"),
                      "SourceThreadId": r.randint(100, 9000),
                      "SourceImage": e.pop("Image"),
                      "TargetProcessGUID": self.guid(),
                      "TargetProcessId": r.randint(400, 9000),
                      "TargetImage": target,
                      "GrantedAccess": r.choice(["0x1000", "0x1410", "0x1fffff"]),
                      "CallTrace": "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|"
                                   "C:\\Windows\\System32\\KERNELBASE.dll+2c13e",
                      "SourceUser": r.choice(USERS),
                      "TargetUser": "NT AUTHORITY\\SYSTEM"})
        elif kind in (11, 23):
            e.update({"TargetFilename": "C:\\Users\\%s\\AppData\\Local\\Temp\\%08x.tmp"
                      % (r.choice(["jdoe", "asmith", "mgarcia"]), r.getrandbits(32)),
                      "CreationUtcTime": e["UtcTime"], "User": r.choice(USERS)})
        elif kind in (12, 13):
            e.update({"EventType": "SetValue" if kind == 13 else "CreateKey",
                      "TargetObject": r.choice(REG_KEYS), "User": r.choice(USERS)})
            if kind == 13:
                e["Details"] = "DWORD (0x%08x)" % r.getrandbits(32)
        elif kind == 17:
            e.update({"EventType": "CreatePipe", "PipeName": "\\mojo.%d.%d" % (
                self.pid, r.getrandbits(30)), "User": r.choice(USERS)})
        elif kind == 22:
            e.update({"QueryName": r.choice(DOMAINS), "QueryStatus": "0",
                      "QueryResults": "::ffff:%d.%d.%d.%d;" % tuple(
                          r.randint(1, 254) for _ in range(4)),
                      "User": r.choice(USERS)})
        return e

    # Planted events: CAR-2019-07-002 matches in every disguise a log gives
    # them, and near misses that share words with them.
    def planted_match(self, n):
        tools = ["C:\\Tools\\Sysinternals\\procdump.exe",
                 "C:\\Users\\Administrator\\Downloads\\ProcDump64.exe",
                 "C:\\TEMP\\PROCDUMP.EXE", "C:/tools/procdump64a.exe"]
        commands = ["procdump.exe -ma lsass.exe C:\\Temp\\l.dmp",
                    "ProcDump64.exe -accepteula -ma LSASS.EXE out.dmp",
                    "procdump -r -ma \"Lsass\" \"C:\\dumps\\x.dmp\"",
                    "procdump.exe -ma lsass.exe"]
        e = self.process_create(image=tools[n % 4], command=commands[n % 4])
        line = json.dumps(e)
        if n % 5 == 4:  # the same text written with JSON escapes
            line = line.replace("lsass", "\\u006csass", 1)
            line = line.replace("procdump", "proc\\u0064ump")
        return line

    def near_miss(self, n):
        choice = n % 5
        if choice == 0:  # procdump by pid: no lsass in the command line
            e = self.process_create(image="C:\\Tools\\procdump.exe",
                                    command="procdump.exe -ma 612 C:\\Temp\\a.dmp")
        elif choice == 1:  # lsass named by another tool
            e = self.process_create(
                command="tasklist /fi \"imagename eq lsass.exe\"")
        elif choice == 2:  # lsass only in the parent's command line
            e = self.process_create(image="C:\\Tools\\procdump.exe",
                                    command="procdump.exe -ma 888 x.dmp")
            e["ParentCommandLine"] = "cmd /c procdump -ma lsass.exe"
        elif choice == 3:  # procdump's folder, another program
            e = self.process_create(image="C:\\procdump\\dumper.exe",
                                    command="dumper.exe lsass.exe")
        else:  # procdump opening lsass: an access, not a creation
            e = self.base(10)
            e.update({"SourceImage": "C:\\Tools\\procdump.exe",
                      "TargetImage": "C:\\Windows\\system32\\lsass.exe",
                      "GrantedAccess": "0x1fffff",
                      "CallTrace": "procdump.exe -ma lsass.exe"})
        return json.dumps(e)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mb", type=float, default=1024)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--every", type=int, default=20000,
                   help="one planted match and one near miss per N events")
    p.add_argument("out")
    args = p.parse_args()
    gen = Gen(args.seed)
    limit = int(args.mb * 1024 * 1024)
    written = events = planted = near = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        batch = []
        while written < limit:
            if events % args.every == args.every // 2:
                line = gen.planted_match(planted)
                planted += 1
            elif events % args.every == args.every - 1:
                line = gen.near_miss(near)
                near += 1
            else:
                line = json.dumps(gen.common())
            batch.append(line)
            written += len(line) + 1
            events += 1
            if len(batch) == 4096:
                out.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            out.write("\n".join(batch) + "\n")
    print(json.dumps({"events": events, "bytes": written, "planted": planted,
                      "near_misses": near}))


if __name__ == "__main__":
    sys.exit(main())
