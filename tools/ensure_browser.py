"""Make sure the page tests have a Chromium that starts: `make test` runs this before pytest.

When the Chromium that tests/chromium.py picks starts and shows a page: one line, nothing else.
Otherwise try, in order, Playwright's own download (given a minute) and the system's package
manager (apt-get, as root or with passwordless sudo); when neither gives a Chromium that starts,
name the command to run by hand and exit 1.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.chromium import OVERRIDE, SYSTEM_CHROMIUM, executable, launch  # noqa: E402

DOWNLOAD_SECONDS = 60
APT_SECONDS = 900
PACKAGES = ("chromium", "fonts-dejavu-core")
SUDO = "" if os.geteuid() == 0 else "sudo "
BY_HAND = f"{SUDO}apt-get update && {SUDO}apt-get install -y " + " ".join(PACKAGES)
PLAYWRIGHT = f"{sys.executable} -m playwright install chromium"


def say(line: str) -> None:
    """Print one line of progress."""
    print(f"browser: {line}", flush=True)


def working() -> tuple[str | None, str]:
    """Return the Chromium the tests would start if it starts and shows a page, and why not."""
    with sync_playwright() as p:
        path = executable(p)
        if path is None:
            return None, "none installed"
        try:
            browser = launch(p)
            try:
                page = browser.new_page()
                page.set_content("<p>ok</p>")
                shown = page.text_content("p")
            finally:
                browser.close()
        except Exception as exc:  # any failure to start means "not working": try to install one
            return None, f"{path} does not start ({str(exc).strip().splitlines()[0]})"
    return (path, "") if shown == "ok" else (None, f"{path} does not show a page")


def run(command: list[str], seconds: int, env: dict[str, str] | None = None) -> tuple[bool, str]:
    """Run `command` (its whole process group killed after `seconds`); return success, output."""
    with subprocess.Popen(  # noqa: S603 - our own commands, fixed arguments
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            output, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return False, f"no answer within {seconds} s"
    lines = [line.strip() for line in output.splitlines() if line.strip()] or [""]
    errors = [line for line in lines if line.startswith(("Error", "E:", "error"))]
    return process.returncode == 0, f"exit {process.returncode}: {(errors or lines)[-1]}"


def playwright_download() -> str:
    """Try Playwright's own download of its Chromium; return what happened."""
    say(f"trying Playwright's download (at most {DOWNLOAD_SECONDS} s) ...")
    ok, detail = run([sys.executable, "-m", "playwright", "install", "chromium"], DOWNLOAD_SECONDS)
    return "downloaded" if ok else f"Playwright's download failed ({detail})"


def as_root() -> list[str] | None:
    """Return the prefix that runs a command as root without a password, or None."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and run([sudo, "-n", "true"], 10)[0]:
        return [sudo, "-n"]
    return None


def apt_install() -> str:
    """Try the system's package manager; return what happened."""
    apt = shutil.which("apt-get")
    if apt is None:
        return "no apt-get on this machine"
    prefix = as_root()
    if prefix is None:
        return "apt-get needs root (not root, and no passwordless sudo)"
    say(f"installing {' '.join(PACKAGES)} with apt-get ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    command = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", apt] if prefix else [apt]
    for step in (["update", "-q"], ["install", "-y", "-q", *PACKAGES]):
        ok, detail = run([*command, *step], APT_SECONDS, env)
        if not ok:
            return f"apt-get {step[0]} failed ({detail})"
    return "installed"


def main() -> int:
    started = time.monotonic()
    path, why = working()
    if path:
        say(f"{path} starts")
        return 0
    say(f"no Chromium for the page tests: {why}")
    tried = []
    for attempt in (playwright_download, apt_install):
        outcome = attempt()
        path, why = working()
        if path:
            say(f"{path} starts ({outcome} in {time.monotonic() - started:.0f} s)")
            return 0
        tried.append(outcome if outcome not in ("downloaded", "installed") else why)
        say(tried[-1])
    lines = [
        "error: the page tests need Chromium, and none could be installed:",
        *(f"  - {reason}" for reason in tried),
        "Install it by hand, then run `make test` again:",
        f"  {BY_HAND}",
        f"or, where Playwright's download is reachable: {PLAYWRIGHT}",
    ]
    named = os.environ.get(OVERRIDE)
    if named:
        lines.append(
            f"({OVERRIDE}={named} is set: the tests start only that one; unset it to use "
            f"{SYSTEM_CHROMIUM} or Playwright's download)"
        )
    print("\n".join(lines), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
