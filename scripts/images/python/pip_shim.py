"""Offline stand-in for pip in flotilla's local python image.

No package index is reachable from these machines, so `pip install` cannot download anything.
This shim succeeds when every requested distribution is already installed (from Debian
packages such as python3-flask and python3-redis) and fails with a clear message otherwise.
Version specifiers cannot be honoured offline: they are reported and ignored.
"""

import os
import re
import sys
from importlib import metadata

VERSION = "23.0.1"
# Options that take a value (as the next argument or after `=`); their values are not packages.
VALUE_OPTIONS = {
    "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
    "--trusted-host", "-t", "--target", "--prefix", "--root", "--cache-dir", "--src",
    "--progress-bar", "--platform", "--python-version", "--implementation", "--abi",
    "--root-user-action", "--only-binary", "--no-binary", "--upgrade-strategy", "--log",
    "--timeout", "--retries", "--proxy", "--cert", "--client-cert", "--report", "-e",
    "--editable", "--config-settings", "--global-option", "--install-option", "--python",
}
# Build tooling that pip would upgrade on request; nothing needs it for Debian's modules.
TOOLING = {"pip", "setuptools", "wheel"}
SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed():
    dists = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            dists.setdefault(normalize(name), dist)
    return dists


def read_requirements(path, out, seen):
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise SystemExit(f"ERROR: Could not open requirements file: {e}")
    text = re.sub(r"\\\n", "", text)
    for raw in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        if line.startswith("-"):
            opt, _, value = line.partition(" ")
            opt, eq, inline = opt.partition("=")
            value = (inline if eq else value).strip()
            if opt in ("-r", "--requirement"):
                read_requirements(os.path.join(os.path.dirname(path), value), out, seen)
            elif opt in ("-e", "--editable"):
                out.append((value, path))
            continue
        out.append((line, path))


def parse_args(args):
    """Splits `pip install` arguments into (requirement, origin) pairs."""
    reqs, seen, i = [], set(), 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("-r", "--requirement") or a.startswith("--requirement=") or (
            a.startswith("-r") and len(a) > 2
        ):
            if a in ("-r", "--requirement"):
                if i >= len(args):
                    raise SystemExit(f"ERROR: {a} option requires 1 argument")
                value = args[i]
                i += 1
            else:
                value = a.split("=", 1)[1] if a.startswith("--") else a[2:]
            read_requirements(value, reqs, seen)
        elif a.startswith("-"):
            name, eq, inline = a.partition("=")
            if name in ("-e", "--editable"):
                if not eq:
                    inline = args[i] if i < len(args) else ""
                    i += 1
                reqs.append((inline, "command line"))
            elif name in VALUE_OPTIONS and not eq:
                i += 1
        else:
            reqs.append((a, "command line"))
    return reqs


def check(spec, dist):
    """Returns a note when `spec` is a version specifier that `dist` may not satisfy."""
    spec = spec.strip()
    if not spec:
        return None
    version = dist.version
    try:
        from packaging.specifiers import SpecifierSet

        if SpecifierSet(spec).contains(version, prereleases=True):
            return None
    except Exception:  # noqa: BLE001 - packaging missing or an exotic specifier: just report it
        pass
    return f"version specifier '{spec}' ignored offline; using the installed {version}"


def install(args):
    reqs = parse_args(args)
    if not reqs:
        print("ERROR: You must give at least one requirement to install", file=sys.stderr)
        return 1
    dists = installed()
    missing = []
    for req, origin in reqs:
        line = req.split(";", 1)[0].strip()
        if "@" in line and not line.startswith("@"):
            line = line.split("@", 1)[0]
        m = SPEC.match(line)
        if not m or "/" in line or line.startswith("."):
            missing.append((req, origin, "only named requirements can be checked offline"))
            continue
        name, _extras, spec = m.groups()
        key = normalize(name)
        if key in TOOLING:
            print(f"Requirement already satisfied: {name} (build tooling; not needed offline)")
            continue
        dist = dists.get(key)
        if dist is None:
            missing.append((req, origin, "not installed in this image"))
            continue
        location = str(dist.locate_file("")).rstrip("/") or "?"
        print(f"Requirement already satisfied: {name} in {location} ({dist.version})")
        note = check(spec.split(";", 1)[0], dist)
        if note:
            print(f"note: {name}: {note}")
    if missing:
        for req, origin, why in missing:
            print(f"ERROR: cannot install '{req}' (from {origin}): {why}.", file=sys.stderr)
        have = ", ".join(sorted(d.metadata["Name"] for d in dists.values()))
        print(
            "ERROR: this is flotilla's offline python image: no package index is reachable, and"
            " pip only accepts requirements that Debian packages already installed.\n"
            f"Installed: {have}.\n"
            "Install the Debian package instead (e.g. apt-get install python3-<name>).",
            file=sys.stderr,
        )
        return 1
    return 0


def freeze(_args):
    for d in sorted(installed().values(), key=lambda d: normalize(d.metadata["Name"])):
        print(f"{d.metadata['Name']}=={d.version}")
    return 0


def show(args):
    dists, code = installed(), 0
    for name in (a for a in args if not a.startswith("-")):
        d = dists.get(normalize(name))
        if d is None:
            print(f"WARNING: Package(s) not found: {name}", file=sys.stderr)
            code = 1
            continue
        print(f"Name: {d.metadata['Name']}\nVersion: {d.version}")
    return code


def main(argv):
    args = [a for a in argv if a not in ("--disable-pip-version-check", "--no-input", "-q",
                                          "--quiet", "-v", "--verbose", "--isolated")]
    if not args or args[0] in ("-h", "--help", "help"):
        print("usage: pip install [-r requirements.txt] [package ...] | list | freeze | show"
              "\n(flotilla offline pip: installs nothing, checks Debian-installed packages)")
        return 0
    if args[0] in ("-V", "--version"):
        here = os.path.dirname(os.path.abspath(__file__))
        print(f"pip {VERSION} from {here} (python {sys.version_info[0]}.{sys.version_info[1]};"
              " flotilla offline shim)")
        return 0
    cmd, rest = args[0], args[1:]
    if cmd == "install":
        return install(rest)
    if cmd in ("list", "freeze"):
        return freeze(rest)
    if cmd == "show":
        return show(rest)
    print(f"ERROR: pip {cmd} is not available in flotilla's offline python image"
          " (supported: install, list, freeze, show)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
